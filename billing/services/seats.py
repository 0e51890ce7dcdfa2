"""Seats: per-member plans bill the organisation's active members (guests not counted).
Membership changes call ``schedule_seat_sync``, which queues one debounced ``sync_seats``."""

from __future__ import annotations

from django.core.cache import cache

from billing import gateway
from billing.models import BillingAccount, BillingLog
from billing.services.common import LIVE_STATUSES, seat_count
from billing.services.subscriptions import write_subscription
from config import jobs
from tenants.models import Organisation

SEAT_SYNC_DELAY_SECONDS = 60

__all__ = ["SEAT_SYNC_DELAY_SECONDS", "schedule_seat_sync", "seat_count", "sync_seats"]


def _seat_sync_key(organisation_id: int) -> str:
    return f"billing:seat-sync:{organisation_id}"


def schedule_seat_sync(organisation: Organisation) -> bool:
    """Debounced: the first membership change queues one sync a minute later; further changes
    within that minute ride along (the task counts when it runs). Call after membership changes."""
    if not cache.add(_seat_sync_key(organisation.pk), 1, timeout=SEAT_SYNC_DELAY_SECONDS * 5):
        return False
    jobs.enqueue(
        "billing.tasks.sync_seats_task", organisation.pk, countdown=SEAT_SYNC_DELAY_SECONDS
    )
    return True


def sync_seats(*, organisation_id: int) -> BillingAccount | None:
    """Set the subscription's quantity to the number of active members (per-seat plans)."""
    cache.delete(_seat_sync_key(organisation_id))  # later changes schedule a new sync
    organisation = Organisation.objects.get(pk=organisation_id)
    account = (
        BillingAccount.objects.select_related("plan").filter(organisation=organisation).first()
    )
    if (
        account is None
        or account.plan is None
        or not account.plan.per_seat
        or account.status not in LIVE_STATUSES
        or not account.stripe_subscription_id
    ):
        return account
    seats = seat_count(organisation)
    if seats == account.seats:
        return account
    price_id = account.plan.stripe_price_id(account.interval)

    def write(account: BillingAccount) -> gateway.SubscriptionState:
        current = gateway.retrieve_subscription(account.stripe_subscription_id)
        return gateway.change_subscription(
            subscription_id=current.id,
            item_id=current.item_id,
            price_id=current.price_id or price_id,
            quantity=seats,
            revision=account.write_revision,
        )

    return write_subscription(
        organisation=organisation,
        acting_user=None,
        source=BillingLog.Source.SEAT_SYNC,
        write=write,
        message=f"seats set to {seats}",
    )

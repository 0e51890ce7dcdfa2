"""Stripe's webhook events: stored once by their id (the view answers at once), processed
exactly once by a task, retried by the beat task while unprocessed. Processing re-reads the
customer's subscription (``subscriptions.sync_account``), so any order of events converges.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from billing import gateway
from billing.entitlements import forget_entitlements
from billing.models import BillingAccount, BillingLog, StripeEvent, SubscriptionStatus
from billing.services.common import account_for_event, write_log
from billing.services.subscriptions import sync_account
from config import jobs

logger = logging.getLogger(__name__)

RETRY_AFTER = timedelta(minutes=1)
MAX_EVENT_ATTEMPTS = 20
HANDLED_EVENTS = frozenset(
    [
        "checkout.session.completed",
        "customer.subscription.created",
        "customer.subscription.updated",
        "customer.subscription.deleted",
        "invoice.paid",
        "invoice.payment_succeeded",
        "invoice.payment_failed",
        "customer.updated",
    ]
)


def store_event(event: dict[str, Any]) -> tuple[StripeEvent, bool]:
    """Store a verified event once by its id; ``created`` is False for a repeated delivery."""
    stored, created = StripeEvent.objects.get_or_create(
        stripe_id=event["id"],
        defaults={
            "type": event["type"][:100],
            "created": datetime.fromtimestamp(int(event.get("created") or time.time()), tz=UTC),
            "livemode": bool(event.get("livemode")),
            "payload": event,
        },
    )
    return stored, created


def process_event(*, stripe_id: str) -> bool:
    """Apply one stored event, exactly once. True if this call processed it.

    The row lock on the event serialises concurrent deliveries and retries; whoever gets it
    first and finds it unprocessed does the work, the others find ``processed_at`` set. A crash
    rolls the whole transaction back, so the event stays unprocessed for the retry task.
    """
    with transaction.atomic():
        event = StripeEvent.objects.select_for_update().filter(stripe_id=stripe_id).first()
        if event is None or event.processed_at is not None:
            return False
        try:
            with transaction.atomic():
                _handle(event)
        except Exception as exc:
            # Recorded (outside the rolled-back savepoint) for staff; retried by the beat task.
            event.attempts += 1
            event.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            event.save(update_fields=["attempts", "last_error"])
            logger.warning(
                "stripe event failed", extra={"stripe_event": stripe_id, "type": event.type}
            )
            return False
        event.attempts += 1
        event.last_error = ""
        event.processed_at = timezone.now()
        event.save(update_fields=["attempts", "last_error", "processed_at"])
    return True


def _handle(event: StripeEvent) -> None:
    if event.type not in HANDLED_EVENTS:
        return
    account = account_for_event(event.payload)
    if account is None:
        logger.info("stripe event for an unknown customer", extra={"stripe_event": event.stripe_id})
        return
    if event.type == "customer.updated":
        _sync_customer_details(account, event.stripe_id)
        return
    failure_at = event.created if event.type == "invoice.payment_failed" else None
    sync_account(
        account_id=account.pk,
        source=BillingLog.Source.WEBHOOK,
        event_id=event.stripe_id,
        failure_at=failure_at,
    )
    forget_entitlements(account.organisation)
    if event.type == "invoice.payment_failed":
        account.refresh_from_db(fields=["status"])
        # A late failure notice for an invoice that is paid by now warns nobody.
        if account.status in (SubscriptionStatus.PAST_DUE, SubscriptionStatus.UNPAID):
            jobs.enqueue("billing.tasks.send_payment_failed_email_task", event.pk)


def retry_unprocessed_events(*, now: datetime | None = None) -> int:
    """Process events stored at least a minute ago and still unprocessed (a worker died, the
    broker lost the message, Stripe was down). Returns how many were processed now."""
    cutoff = (now or timezone.now()) - RETRY_AFTER
    ids = list(
        StripeEvent.objects.filter(
            processed_at__isnull=True, received_at__lte=cutoff, attempts__lt=MAX_EVENT_ATTEMPTS
        )
        .order_by("created", "pk")
        .values_list("stripe_id", flat=True)[:500]
    )
    return sum(process_event(stripe_id=stripe_id) for stripe_id in ids)


def _sync_customer_details(account: BillingAccount, event_id: str) -> None:
    customer = gateway.retrieve_customer(account.stripe_customer_id)
    new = {
        "billing_email": customer.email or account.billing_email,
        "billing_name": customer.name or account.billing_name,
        "address_line1": customer.address.get("line1", account.address_line1),
        "address_line2": customer.address.get("line2", account.address_line2),
        "postal_code": customer.address.get("postal_code", account.postal_code),
        "city": customer.address.get("city", account.city),
        "country": customer.address.get("country", account.country) or account.country,
    }
    changes = {f: [getattr(account, f), v] for f, v in new.items() if getattr(account, f) != v}
    if changes:
        BillingAccount.objects.filter(pk=account.pk).update(**new)
        write_log(account, source=BillingLog.Source.WEBHOOK, changes=changes, event_id=event_id)

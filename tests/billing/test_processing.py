"""PAY-3, PAY-4, dunning, reconciliation and seats: event processing against the Stripe double."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from billing import services
from billing.entitlements import compute_entitlements
from billing.models import BillingAccount, BillingLog, StripeEvent
from tests.billing.conftest import make_event, stripe_client
from tests.billing.helpers import fail_next_payment, pay_invoice_with_good_card, subscription_obj
from tests.cast import Cast

EVENT_TYPES = [
    "checkout.session.completed",
    "invoice.paid",
    "customer.subscription.updated",
    "customer.subscription.deleted",
]


def _events(customer: str, old_sub: str, new_sub: str, tag: str) -> list[dict[str, Any]]:
    return [
        make_event(
            "checkout.session.completed",
            {
                "object": "checkout.session",
                "id": f"cs_{tag}",
                "customer": customer,
                "subscription": new_sub,
            },
        ),
        make_event(
            "invoice.paid",
            {"object": "invoice", "id": f"in_{tag}", "customer": customer, "subscription": new_sub},
        ),
        make_event("customer.subscription.updated", subscription_obj(new_sub, customer)),
        make_event("customer.subscription.deleted", subscription_obj(old_sub, customer)),
    ]


def _reset(account: BillingAccount) -> None:
    BillingAccount.objects.filter(pk=account.pk).update(
        status="none", plan=None, stripe_subscription_id="", seats=1, grace_until=None
    )


def test_every_order_of_events_ends_in_stripes_newest_state(
    cast: Cast, plans: dict[str, Any], paying: Any
) -> None:
    """An old subscription is cancelled and a new one (another plan) started: whatever the order
    the four events arrive in, the account ends on the new subscription as Stripe has it."""
    account = services.start_subscription(
        organisation=cast.alpha, acting_user=cast.alice, plan=plans["verein"], interval="month"
    )
    old_sub = account.stripe_subscription_id
    services.cancel(organisation=cast.alpha, acting_user=cast.alice, at_period_end=False)
    account = services.start_subscription(
        organisation=cast.alpha, acting_user=cast.alice, plan=plans["partei"], interval="year"
    )
    new_sub = account.stripe_subscription_id
    expected = stripe_client().v1.subscriptions.retrieve(new_sub)
    assert expected.status == "active"

    for n, order in enumerate(itertools.permutations(range(4))):
        _reset(account)
        events = _events(account.stripe_customer_id, old_sub, new_sub, str(n))
        for i in order:
            services.store_event(events[i])
            assert services.process_event(stripe_id=events[i]["id"])
        account.refresh_from_db()
        got = (account.status, account.plan, account.interval, account.stripe_subscription_id)
        assert got == ("active", plans["partei"], "year", new_sub), order


def test_a_deleted_subscription_ends_on_the_free_plan_whatever_came_before(
    cast: Cast, plans: dict[str, Any], paying: Any
) -> None:
    account = services.start_subscription(
        organisation=cast.alpha, acting_user=cast.alice, plan=plans["verein"], interval="month"
    )
    sub = account.stripe_subscription_id
    stripe_client().v1.subscriptions.cancel(sub)
    customer = account.stripe_customer_id
    for n, order in enumerate(itertools.permutations(EVENT_TYPES)):
        _reset(account)
        for event_type in order:
            event = make_event(event_type, {**subscription_obj(sub, customer), "n": n})
            services.store_event(event)
            services.process_event(stripe_id=event["id"])
        account.refresh_from_db()
        assert (account.status, account.stripe_subscription_id) == ("canceled", sub)
        assert compute_entitlements(account).plan_slug == "free"


def test_payment_failure_grace_read_only_payment_restored(
    cast: Cast, plans: dict[str, Any], paying: Any, eager_tasks: None
) -> None:
    account = services.start_subscription(
        organisation=cast.alpha, acting_user=cast.alice, plan=plans["verein"], interval="month"
    )
    customer, sub = account.stripe_customer_id, account.stripe_subscription_id
    invoice_id = fail_next_payment(customer, sub, plans["verein"].stripe_price_yearly_id)
    failed = make_event(
        "invoice.payment_failed",
        {"object": "invoice", "id": invoice_id, "customer": customer, "subscription": sub},
    )
    services.store_event(failed)
    assert services.process_event(stripe_id=failed["id"])
    account.refresh_from_db()
    assert account.status == "past_due"
    assert account.grace_until is not None
    assert account.grace_until - timezone.now() > timedelta(days=13, hours=23)

    in_grace = compute_entitlements(account)
    assert in_grace.in_grace_period and "decisions" in in_grace.features
    after_grace = compute_entitlements(account, now=account.grace_until + timedelta(seconds=1))
    assert after_grace.read_only and after_grace.features == frozenset()
    assert "decisions" in after_grace.readable_features  # nothing lost, only read-only

    # A reconciliation during the grace period keeps its start (14 days from the first failure).
    grace_until = account.grace_until
    services.reconcile_accounts()
    account.refresh_from_db()
    assert account.grace_until == grace_until

    pay_invoice_with_good_card(customer, invoice_id, sub)
    paid = make_event(
        "invoice.paid",
        {"object": "invoice", "id": invoice_id, "customer": customer, "subscription": sub},
    )
    services.store_event(paid)
    assert services.process_event(stripe_id=paid["id"])
    account.refresh_from_db()
    assert (account.status, account.grace_until) == ("active", None)
    restored = compute_entitlements(account)
    assert not restored.read_only and "decisions" in restored.features


def test_a_late_failure_notice_for_a_paid_invoice_sends_no_mail(
    cast: Cast,
    plans: dict[str, Any],
    paying: Any,
    eager_tasks: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django.core import mail

    account = services.start_subscription(
        organisation=cast.alpha, acting_user=cast.alice, plan=plans["verein"], interval="month"
    )
    mail.outbox.clear()
    late = make_event(
        "invoice.payment_failed",
        {"object": "invoice", "id": "in_old", "customer": account.stripe_customer_id},
    )
    services.store_event(late)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert services.process_event(stripe_id=late["id"])
    assert callbacks == []
    account.refresh_from_db()
    assert (account.status, account.grace_until, len(mail.outbox)) == ("active", None, 0)


def test_an_interrupted_event_is_processed_once_by_the_retry_task(
    cast: Cast, plans: dict[str, Any], paying: Any, settings: Any
) -> None:
    account = services.start_subscription(
        organisation=cast.alpha, acting_user=cast.alice, plan=plans["verein"], interval="month"
    )
    BillingAccount.objects.filter(pk=account.pk).update(status="none", plan=None)
    event = make_event(
        "customer.subscription.updated",
        subscription_obj(account.stripe_subscription_id, account.stripe_customer_id),
    )
    stored, _ = services.store_event(event)
    # The first attempt dies half-way: Stripe cannot be reached while processing.
    good_base = settings.STRIPE_API_BASE
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    assert not services.process_event(stripe_id=event["id"])
    settings.STRIPE_API_BASE = good_base
    stored.refresh_from_db()
    assert (stored.processed_at, stored.attempts) == (None, 1)
    assert "GatewayError" in stored.last_error
    assert BillingAccount.objects.get(pk=account.pk).status == "none"  # rolled back

    # Too fresh for the retry task (the queued task may still be on its way).
    assert services.retry_unprocessed_events() == 0
    later = timezone.now() + timedelta(minutes=2)
    assert services.retry_unprocessed_events(now=later) == 1
    assert services.retry_unprocessed_events(now=later) == 0
    stored.refresh_from_db()
    assert stored.processed_at is not None and stored.attempts == 2
    assert BillingAccount.objects.get(pk=account.pk).status == "active"
    assert BillingLog.objects.filter(stripe_event_id=event["id"]).count() == 1
    # Reconciliation finds no gap afterwards.
    assert services.reconcile_accounts() == 0


def test_an_event_whose_worker_died_before_commit_is_picked_up(
    cast: Cast, plans: dict[str, Any], paying: Any
) -> None:
    account = services.start_subscription(
        organisation=cast.alpha, acting_user=cast.alice, plan=plans["verein"], interval="month"
    )
    BillingAccount.objects.filter(pk=account.pk).update(status="none", plan=None)
    event = make_event(
        "customer.subscription.updated",
        subscription_obj(account.stripe_subscription_id, account.stripe_customer_id),
    )
    services.store_event(event)  # stored and acknowledged; the worker never finished
    StripeEvent.objects.filter(stripe_id=event["id"]).update(
        received_at=timezone.now() - timedelta(minutes=5)
    )
    from billing.tasks import retry_unprocessed_stripe_events

    assert retry_unprocessed_stripe_events.apply().get() == 1
    assert retry_unprocessed_stripe_events.apply().get() == 0
    assert BillingAccount.objects.get(pk=account.pk).status == "active"


def test_events_of_unknown_customers_and_types_are_marked_done_without_changes(cast: Cast) -> None:
    for event in (
        make_event("customer.subscription.updated", subscription_obj("sub_nope", "cus_nope")),
        make_event("charge.refunded", {"object": "charge", "id": "ch_1"}),
    ):
        services.store_event(event)
        assert services.process_event(stripe_id=event["id"])
    assert not BillingLog.objects.exists()


def test_reconciliation_corrects_drift_and_logs_it(
    cast: Cast, plans: dict[str, Any], paying: Any
) -> None:
    account = services.start_subscription(
        organisation=cast.alpha, acting_user=cast.alice, plan=plans["verein"], interval="month"
    )
    BillingAccount.objects.filter(pk=account.pk).update(status="canceled", seats=7)
    assert services.reconcile_accounts() == 1
    account.refresh_from_db()
    assert (account.status, account.seats) == ("active", 1)
    log = BillingLog.objects.filter(account=account, source="reconciliation").get()
    assert log.changes["status"] == ["canceled", "active"]
    assert log.changes["seats"] == [7, 1]
    assert services.reconcile_accounts() == 0


def test_customer_updates_from_the_portal_are_copied(cast: Cast, paying: Any) -> None:
    stripe_client().v1.customers.update(
        paying.stripe_customer_id,
        params={"email": "neu@alpha.example", "address": {"city": "Meißen", "line1": "Markt 1"}},
    )
    event = make_event("customer.updated", {"object": "customer", "id": paying.stripe_customer_id})
    services.store_event(event)
    assert services.process_event(stripe_id=event["id"])
    paying.refresh_from_db()
    assert (paying.billing_email, paying.city, paying.address_line1) == (
        "neu@alpha.example",
        "Meißen",
        "Markt 1",
    )


def test_seats_follow_active_members_for_per_seat_plans(
    cast: Cast, plans: dict[str, Any], paying: Any
) -> None:
    from intranet.services import add_member

    account = services.start_subscription(
        organisation=cast.alpha,
        acting_user=cast.alice,
        plan=plans["pro-mitglied"],
        interval="month",
    )
    assert account.seats == 3  # alice, bob, dave; gina is a guest
    add_member(organisation=cast.alpha, user=cast.erin, role="member")
    synced = services.sync_seats(organisation_id=cast.alpha.pk)
    assert synced is not None and synced.seats == 4
    account = synced
    sub = stripe_client().v1.subscriptions.retrieve(account.stripe_subscription_id)
    assert sub.to_dict()["items"]["data"][0]["quantity"] == 4
    assert BillingLog.objects.filter(account=account, source="seat_sync").count() == 1
    services.sync_seats(organisation_id=cast.alpha.pk)  # nothing changed: no write
    assert BillingLog.objects.filter(account=account, source="seat_sync").count() == 1


def test_seat_sync_is_debounced(cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.schedule_seat_sync(cast.alpha)
        assert not services.schedule_seat_sync(cast.alpha)
        assert not services.schedule_seat_sync(cast.alpha)
        assert services.schedule_seat_sync(cast.beta)
    assert len(callbacks) == 2


@pytest.mark.parametrize("plan_slug", ["verein", "partei"])
def test_fixed_price_plans_keep_one_seat(
    cast: Cast, plans: dict[str, Any], paying: Any, plan_slug: str
) -> None:
    account = services.start_subscription(
        organisation=cast.alpha, acting_user=cast.alice, plan=plans[plan_slug], interval="month"
    )
    assert account.seats == 1
    services.sync_seats(organisation_id=cast.alpha.pk)
    assert BillingAccount.objects.get(pk=account.pk).seats == 1

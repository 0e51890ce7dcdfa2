"""PAY-2 under concurrency, through the real broker and a real Celery worker: the same event
delivered five times at once is stored once, changes the account once and sends one e-mail."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import connections

from billing import services
from billing.models import BillingAccount, BillingLog, Plan, StripeEvent
from tests.billing.conftest import GOOD_CARD, attach_card, make_event, post_event
from tests.billing.helpers import fail_next_payment
from tests.cast import Cast

pytestmark = pytest.mark.worker


@pytest.fixture(scope="module")
def worker(_cast: Cast, django_db_blocker: Any) -> Iterator[None]:
    from config.celery import app

    with (
        django_db_blocker.unblock(),
        start_worker(
            app,
            pool="threads",
            concurrency=4,
            perform_ping_check=False,
            loglevel="WARNING",
            shutdown_timeout=10,
        ),
    ):
        yield


@pytest.fixture
def committed(_cast: Cast, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """A past-due subscription for alpha, committed so that other threads and the worker see
    it; every billing row is removed afterwards."""
    with django_db_blocker.unblock():
        try:
            services.sync_plans()
            plans = {p.slug: p for p in services.sync_stripe_catalog()}
            account = services.ensure_customer(organisation=_cast.alpha)
            attach_card(account.stripe_customer_id, GOOD_CARD)
            account = services.start_subscription(
                organisation=_cast.alpha,
                acting_user=_cast.alice,
                plan=plans["verein"],
                interval="month",
            )
            invoice = fail_next_payment(
                account.stripe_customer_id,
                account.stripe_subscription_id,
                plans["verein"].stripe_price_yearly_id,
            )
            yield {"account": account, "invoice": invoice}
        finally:
            BillingLog.objects.all().delete()
            StripeEvent.objects.all().delete()
            BillingAccount.objects.all().delete()
            Plan.objects.all().delete()


def _at_once(function: Callable[[], Any], times: int = 5) -> list[Any]:
    barrier = threading.Barrier(times)
    results: list[Any] = [None] * times

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = function()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(times)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def _wait(condition: Callable[[], bool], timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_five_concurrent_deliveries_change_once_and_mail_once(
    _cast: Cast, worker: None, committed: dict[str, Any], django_db_blocker: Any
) -> None:
    account = committed["account"]
    event = make_event(
        "invoice.payment_failed",
        {
            "object": "invoice",
            "id": committed["invoice"],
            "customer": account.stripe_customer_id,
            "subscription": account.stripe_subscription_id,
        },
    )
    mail.outbox.clear()
    with django_db_blocker.unblock():
        BillingAccount.objects.filter(pk=account.pk).update(status="active", grace_until=None)

        from tests.conftest import TenantClient, host_of

        def deliver() -> int:
            client = TenantClient(HTTP_HOST=host_of(_cast.public))
            return int(post_event(client, event).status_code)

        assert _at_once(deliver) == [200] * 5
        assert StripeEvent.objects.filter(stripe_id=event["id"]).count() == 1
        assert _wait(
            lambda: StripeEvent.objects.filter(
                stripe_id=event["id"], processed_at__isnull=False
            ).exists()
        )
        assert _wait(lambda: len(mail.outbox) >= 1)
        time.sleep(1)  # room for a second e-mail, if there were one
        assert len(mail.outbox) == 1
        assert BillingLog.objects.filter(stripe_event_id=event["id"]).count() == 1
        refreshed = BillingAccount.objects.get(pk=account.pk)
        assert refreshed.status == "past_due" and refreshed.grace_until is not None


def test_concurrent_processing_of_one_stored_event_does_the_work_once(
    _cast: Cast, committed: dict[str, Any], django_db_blocker: Any
) -> None:
    account = committed["account"]
    event = make_event(
        "customer.subscription.updated",
        {
            "object": "subscription",
            "id": account.stripe_subscription_id,
            "customer": account.stripe_customer_id,
        },
    )
    with django_db_blocker.unblock():
        BillingAccount.objects.filter(pk=account.pk).update(status="none", plan=None)
        services.store_event(event)
        results = _at_once(lambda: services.process_event(stripe_id=event["id"]))
        assert sorted(results) == [False, False, False, False, True]
        assert BillingLog.objects.filter(stripe_event_id=event["id"]).count() == 1
        assert StripeEvent.objects.get(stripe_id=event["id"]).attempts == 1

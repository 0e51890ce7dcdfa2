"""PAY-1 and PAY-2: the webhook accepts only valid signatures and stores each event once."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from django.core import mail

from billing import services
from billing.models import BillingAccount, BillingLog, StripeEvent
from tests.billing.conftest import make_event, post_event, sign
from tests.billing.helpers import fail_next_payment, subscription_obj
from tests.cast import Cast


@pytest.fixture
def webhook(client_for: Any) -> Any:
    return client_for(None)


def _event() -> dict[str, Any]:
    return make_event("customer.subscription.updated", subscription_obj("sub_x", "cus_x"))


def test_a_validly_signed_event_is_stored_once_and_acknowledged(cast: Cast, webhook: Any) -> None:
    event = _event()
    response = post_event(webhook, event)
    assert response.status_code == 200
    stored = StripeEvent.objects.get(stripe_id=event["id"])
    assert (stored.type, stored.payload, stored.processed_at) == (event["type"], event, None)


def _tampered(webhook: Any, event: dict[str, Any]) -> Any:
    payload = json.dumps(event).encode()
    header = sign(payload)
    return webhook.post(
        "/stripe/webhook/",
        data=payload.replace(b"sub_x", b"sub_y"),
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )


@pytest.mark.parametrize(
    "deliver",
    [
        pytest.param(_tampered, id="tampered"),
        pytest.param(lambda w, e: post_event(w, e, secret="whsec_wrong"), id="wrong-secret"),
        pytest.param(
            lambda w, e: post_event(w, e, timestamp=int(time.time()) - 301), id="older-than-300s"
        ),
        pytest.param(
            lambda w, e: post_event(w, e, timestamp=int(time.time()) + 600), id="in-the-future"
        ),
        pytest.param(
            lambda w, e: w.post(
                "/stripe/webhook/", data=json.dumps(e), content_type="application/json"
            ),
            id="no-signature",
        ),
        pytest.param(
            lambda w, e: w.post(
                "/stripe/webhook/",
                data=json.dumps(e),
                content_type="application/json",
                HTTP_STRIPE_SIGNATURE="v1=abc,t=notanumber",
            ),
            id="garbage-header",
        ),
    ],
)
def test_anything_but_a_valid_signature_gets_400_and_stores_nothing(
    cast: Cast, webhook: Any, deliver: Any
) -> None:
    before = (
        StripeEvent.objects.count(),
        BillingAccount.objects.count(),
        BillingLog.objects.count(),
    )
    response = deliver(webhook, _event())
    assert response.status_code == 400
    assert response.json() == {"error": "invalid signature"}
    after = (
        StripeEvent.objects.count(),
        BillingAccount.objects.count(),
        BillingLog.objects.count(),
    )
    assert after == before


def test_a_slightly_early_clock_is_tolerated(cast: Cast, webhook: Any) -> None:
    assert post_event(webhook, _event(), timestamp=int(time.time()) + 5).status_code == 200


def test_without_a_configured_secret_every_event_is_refused(
    cast: Cast, webhook: Any, settings: Any
) -> None:
    settings.STRIPE_WEBHOOK_SECRET = ""
    assert post_event(webhook, _event(), secret="").status_code == 400
    assert not StripeEvent.objects.exists()


def test_get_is_not_allowed(cast: Cast, webhook: Any) -> None:
    assert webhook.get("/stripe/webhook/").status_code == 405


def test_the_same_event_five_times_changes_once_and_mails_once(
    cast: Cast,
    webhook: Any,
    plans: dict[str, Any],
    paying: Any,
    eager_tasks: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    account = services.start_subscription(
        organisation=cast.alpha, acting_user=cast.alice, plan=plans["verein"], interval="month"
    )
    invoice_id = fail_next_payment(
        account.stripe_customer_id,
        account.stripe_subscription_id,
        plans["verein"].stripe_price_yearly_id,
    )
    event = make_event(
        "invoice.payment_failed",
        {
            "object": "invoice",
            "id": invoice_id,
            "customer": account.stripe_customer_id,
            "subscription": account.stripe_subscription_id,
        },
    )
    mail.outbox.clear()
    answers = [post_event(webhook, event) for _ in range(5)]
    assert [r.status_code for r in answers] == [200] * 5
    assert [r.json()["duplicate"] for r in answers] == [False, True, True, True, True]
    assert StripeEvent.objects.filter(stripe_id=event["id"]).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        processed = [services.process_event(stripe_id=event["id"]) for _ in range(5)]
    assert processed == [True, False, False, False, False]
    assert BillingLog.objects.filter(stripe_event_id=event["id"]).count() == 1
    account.refresh_from_db()
    assert account.status == "past_due" and account.grace_until is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.org"]
    assert "Zahlung fehlgeschlagen" in mail.outbox[0].subject

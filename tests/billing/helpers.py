"""Helpers for driving the Stripe double into the states a real subscription goes through."""

from __future__ import annotations

import time
from typing import Any

from tests.billing.conftest import DECLINED_CARD, GOOD_CARD, attach_card, stripe_client


def fail_next_payment(customer_id: str, subscription_id: str, renewal_price_id: str) -> str:
    """A renewal charged to a declined card; the subscription becomes past due. (The double
    invoices a subscription when its interval changes, so the renewal is a switch of price.)"""
    client = stripe_client()
    attach_card(customer_id, DECLINED_CARD)
    client.v1.subscriptions.update(
        subscription_id,
        params={"items": [{"plan": renewal_price_id}]},
    )
    wait_for_status(subscription_id, "past_due")
    return str(client.v1.subscriptions.retrieve(subscription_id).latest_invoice)


def pay_invoice_with_good_card(customer_id: str, invoice_id: str, subscription_id: str) -> None:
    attach_card(customer_id, GOOD_CARD)
    stripe_client().v1.invoices.pay(invoice_id)
    wait_for_status(subscription_id, "active")


def wait_for_status(subscription_id: str, status: str, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if stripe_client().v1.subscriptions.retrieve(subscription_id).status == status:
            return
        time.sleep(0.05)
    raise AssertionError(f"{subscription_id} never became {status}")


def subscription_obj(subscription_id: str, customer_id: str) -> dict[str, Any]:
    return {"object": "subscription", "id": subscription_id, "customer": customer_id}

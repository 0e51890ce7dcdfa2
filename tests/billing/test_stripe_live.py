"""The same flows against Stripe's test mode. Skipped unless STRIPE_LIVE_SECRET_KEY holds a
test-mode key: ``STRIPE_LIVE_SECRET_KEY=sk_test_… pytest -m stripe_live tests/billing``."""

from __future__ import annotations

from typing import Any

import pytest

from billing import gateway, services
from tests.cast import Cast

pytestmark = pytest.mark.stripe_live


def _card(customer_id: str) -> None:
    from tests.billing.conftest import stripe_client

    client = stripe_client()
    client.v1.payment_methods.attach("pm_card_visa", params={"customer": customer_id})
    client.v1.customers.update(
        customer_id, params={"invoice_settings": {"default_payment_method": "pm_card_visa"}}
    )


def test_catalog_subscribe_change_and_cancel_in_test_mode(cast: Cast) -> None:
    services.sync_plans()
    plans = {p.slug: p for p in services.sync_stripe_catalog()}
    account = services.ensure_customer(organisation=cast.alpha)
    _card(account.stripe_customer_id)
    account = services.start_subscription(
        organisation=cast.alpha, acting_user=cast.alice, plan=plans["verein"], interval="month"
    )
    assert account.status == "active"
    account = services.change_plan(
        organisation=cast.alpha, acting_user=cast.alice, plan=plans["partei"], interval="month"
    )
    assert account.plan == plans["partei"]
    account = services.cancel(organisation=cast.alpha, acting_user=cast.alice, at_period_end=False)
    assert account.status == "canceled"


def test_checkout_and_portal_sessions_in_test_mode(cast: Cast) -> None:
    services.sync_plans()
    plans = {p.slug: p for p in services.sync_stripe_catalog()}
    url = services.start_checkout(
        organisation=cast.alpha,
        acting_user=cast.alice,
        plan=plans["verein"],
        interval="year",
        success_url="https://alpha.example/ok",
        cancel_url="https://alpha.example/back",
    )
    assert url.startswith("https://checkout.stripe.com/")
    account = services.ensure_customer(organisation=cast.alpha)
    assert gateway.list_invoices(account.stripe_customer_id) == []
    portal: Any = services.open_portal(
        organisation=cast.alpha, acting_user=cast.alice, return_url="https://alpha.example/"
    )
    assert portal.startswith("https://billing.stripe.com/")

"""The calls the local double lacks (Prices, Checkout, Billing Portal) and the idempotency keys,
checked at the HTTP level: a tiny local server records what the stripe library really sends."""

from __future__ import annotations

from typing import Any

import pytest

from billing import gateway
from tests.billing.conftest import Recorder


def test_checkout_sends_a_subscription_session_for_the_customer(recorder: Recorder) -> None:
    url = gateway.create_checkout_session(
        account_key="org-1",
        revision=3,
        customer_id="cus_1",
        price_id="price_1",
        quantity=4,
        success_url="https://alpha.example/ok",
        cancel_url="https://alpha.example/back",
    )
    assert url == "https://stripe.test/sessions"
    (request,) = recorder.requests
    assert request["path"] == "/v1/checkout/sessions"
    form = request["form"]
    assert form["mode"] == ["subscription"]
    assert form["customer"] == ["cus_1"]
    assert form["line_items[0][price]"] == ["price_1"]
    assert form["line_items[0][quantity]"] == ["4"]
    assert form["client_reference_id"] == ["org-1"]
    assert form["tax_id_collection[enabled]"] == ["true"]
    assert request["idempotency_key"].startswith("wecreate:checkout:org-1:3:")


def test_the_portal_session_returns_to_the_intranet(recorder: Recorder) -> None:
    url = gateway.create_portal_session(
        customer_id="cus_1", return_url="https://alpha.example/abrechnung/", attempt="7:1"
    )
    assert url == "https://stripe.test/sessions"
    (request,) = recorder.requests
    assert request["path"] == "/v1/billing_portal/sessions"
    assert request["form"]["customer"] == ["cus_1"]
    assert request["form"]["return_url"] == ["https://alpha.example/abrechnung/"]


def test_prices_and_plan_changes_use_the_current_api(recorder: Recorder) -> None:
    gateway.create_price(
        product_id="prod_1", plan_slug="verein", interval="year", amount_cents=29000, currency="eur"
    )
    gateway.change_subscription(
        subscription_id="sub_1", item_id="si_1", price_id="price_2", quantity=5, revision=1
    )
    price, change = recorder.requests
    assert price["path"] == "/v1/prices"
    assert price["form"]["unit_amount"] == ["29000"]
    assert price["form"]["recurring[interval]"] == ["year"]
    assert change["path"] == "/v1/subscriptions/sub_1"
    assert change["form"]["items[0][id]"] == ["si_1"]
    assert change["form"]["items[0][price]"] == ["price_2"]
    assert change["form"]["items[0][quantity]"] == ["5"]
    assert change["form"]["proration_behavior"] == ["create_prorations"]


def test_a_retried_write_reuses_its_idempotency_key(recorder: Recorder) -> None:
    recorder.fail_next = 1
    gateway.change_subscription(
        subscription_id="sub_1", item_id="si_1", price_id="price_2", quantity=5, revision=1
    )
    first, retry = recorder.requests
    assert first["idempotency_key"] == retry["idempotency_key"]
    assert first["form"] == retry["form"]
    # Our own retry after a crash (same revision, same parameters) sends the same key again …
    gateway.change_subscription(
        subscription_id="sub_1", item_id="si_1", price_id="price_2", quantity=5, revision=1
    )
    assert recorder.requests[2]["idempotency_key"] == first["idempotency_key"]
    # … while the next change (a new revision) or other parameters get a fresh one.
    gateway.change_subscription(
        subscription_id="sub_1", item_id="si_1", price_id="price_2", quantity=5, revision=2
    )
    gateway.change_subscription(
        subscription_id="sub_1", item_id="si_1", price_id="price_2", quantity=6, revision=1
    )
    keys = [r["idempotency_key"] for r in recorder.requests]
    assert len(set(keys)) == 3


def test_every_write_carries_an_idempotency_key(recorder: Recorder) -> None:
    gateway.ensure_customer(
        organisation_key="org-1", email="a@example.org", name="Alpha", address={}, vat_id="DE123"
    )
    gateway.create_product(plan_slug="verein", name="Verein", description="")
    gateway.create_subscription(
        account_key="org-1", revision=0, customer_id="cus_1", price_id="price_1", quantity=1
    )
    gateway.cancel_subscription(subscription_id="sub_1", at_period_end=True, revision=1)
    gateway.cancel_subscription(subscription_id="sub_1", at_period_end=False, revision=2)
    assert all(r["idempotency_key"] for r in recorder.requests)
    assert recorder.requests[0]["form"]["tax_id_data[0][type]"] == ["eu_vat"]
    assert recorder.requests[2]["form"]["items[0][price]"] == ["price_1"]


def test_an_unreachable_stripe_is_a_gateway_error(settings: Any, recorder: Recorder) -> None:
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    with pytest.raises(gateway.GatewayError):
        gateway.retrieve_subscription("sub_1")

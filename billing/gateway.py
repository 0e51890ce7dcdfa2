"""The only module that talks to Stripe (through the official ``stripe`` library).

Every write carries an idempotency key made from our ids and the intent (``idempotency_key``),
so a retry — by the library after a network error, or by us after a crash — reuses the key and
Stripe answers with the first result instead of doing the work twice. Stripe keeps keys for at
least 24 hours and refuses a reused key with different parameters, so the parameters are part
of the key.

The calls that differ between API dialects go through a ``Dialect``: ``CurrentApi`` below is
Stripe's, ``billing.local_double.LocalDoubleDialect`` the older one that the local double
(localstripe) speaks. ``_dialect`` is the one place that picks between them, from
``settings.STRIPE_LOCAL_DOUBLE``. Checkout and the Billing Portal do not exist at the double;
those calls are tested at the HTTP level.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol, cast

import stripe
from django.conf import settings

from billing import local_double

# Stripe rejects signatures older than this; we reject ones from the future as well
# (docs/security.md: "future timestamps are not [rejected by Stripe's library]").
WEBHOOK_TOLERANCE_SECONDS = 300
WEBHOOK_FUTURE_SKEW_SECONDS = 30

# Subscription states that still bind the customer, newest first wins among them.
_LIVE_STATUSES = ("active", "trialing", "past_due", "unpaid", "incomplete", "paused")


class GatewayError(Exception):
    """Stripe could not be reached or refused the request; nothing on our side changed."""


class CardDeclined(GatewayError):
    """The card was refused (declined, expired, wrong code); the message is Stripe's."""


class WebhookRejected(Exception):
    """The webhook's signature or timestamp is not acceptable."""


@dataclass(frozen=True)
class SubscriptionState:
    id: str
    customer_id: str
    status: str
    price_id: str
    item_id: str
    quantity: int
    current_period_end: datetime | None
    cancel_at_period_end: bool
    created: int


@dataclass(frozen=True)
class CustomerState:
    id: str
    email: str
    name: str
    address: dict[str, str]


@dataclass(frozen=True)
class PaymentMethodSummary:
    brand: str
    last4: str
    exp_month: int
    exp_year: int


@dataclass(frozen=True)
class InvoiceSummary:
    id: str
    number: str
    status: str
    amount_due: int
    currency: str
    created: datetime | None
    pdf_url: str
    hosted_url: str


def is_configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


def uses_local_double() -> bool:
    """True when the ``stripe`` library is pointed at the local double (development, tests)."""
    return bool(getattr(settings, "STRIPE_LOCAL_DOUBLE", False))


class Dialect(Protocol):
    """The requests that Stripe's current API and the local double's older one spell apart."""

    def item(self, price_id: str, quantity: int, item_id: str = "") -> dict[str, Any]: ...

    def proration(self) -> dict[str, Any]: ...

    def price_params(
        self, *, product_id: str, amount_cents: int, currency: str, interval: str, metadata: dict
    ) -> dict[str, Any]: ...

    def prices(self, client: stripe.StripeClient) -> Any: ...

    def price_amount(self, price: Any) -> int: ...

    def add_card(
        self,
        client: stripe.StripeClient,
        call: Callable[..., Any],
        *,
        customer_id: str,
        number: str,
        exp_month: int,
        exp_year: int,
        cvc: str,
    ) -> Any: ...


class CurrentApi:
    """Stripe's API as production speaks it: Prices, ``items[][price]`` (with the item's id on
    a change) and ``proration_behavior``."""

    def item(self, price_id: str, quantity: int, item_id: str = "") -> dict[str, Any]:
        item: dict[str, Any] = {"price": price_id, "quantity": quantity}
        if item_id:
            item["id"] = item_id
        return item

    def proration(self) -> dict[str, Any]:
        return {"proration_behavior": "create_prorations"}

    def price_params(
        self, *, product_id: str, amount_cents: int, currency: str, interval: str, metadata: dict
    ) -> dict[str, Any]:
        return {
            "product": product_id,
            "unit_amount": amount_cents,
            "currency": currency,
            "recurring": {"interval": interval},
            "metadata": metadata,
        }

    def prices(self, client: stripe.StripeClient) -> Any:
        return client.v1.prices

    def price_amount(self, price: Any) -> int:
        return int(price.unit_amount or 0)

    def add_card(
        self,
        client: stripe.StripeClient,
        call: Callable[..., Any],
        *,
        customer_id: str,
        number: str,
        exp_month: int,
        exp_year: int,
        cvc: str,
    ) -> Any:
        # In production card numbers never reach our servers: Stripe Checkout collects them.
        raise GatewayError("card details are only accepted by the local Stripe double")


CURRENT_API = CurrentApi()


def _dialect() -> Dialect:
    """The one place that chooses the dialect (read per call: tests switch the setting)."""
    return local_double.DIALECT if uses_local_double() else CURRENT_API


def _client() -> stripe.StripeClient:
    # A client per call: settings are read each time (tests point them at a local double) and
    # no global state of the stripe module is touched.
    base: dict[str, str] = {}
    if settings.STRIPE_API_BASE:
        base["api"] = settings.STRIPE_API_BASE
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses=cast(Any, base),
        max_network_retries=2,
    )


def idempotency_key(intent: str, *parts: object, params: dict[str, Any] | None = None) -> str:
    """Deterministic key: the same intent on the same objects with the same parameters."""
    digest = hashlib.sha256(
        json.dumps([intent, [str(p) for p in parts], params or {}], sort_keys=True).encode()
    ).hexdigest()[:24]
    readable = ":".join(str(p) for p in parts)[:160]
    return f"wecreate:{intent}:{readable}:{digest}"


def _call(method: Any, *args: Any, params: dict[str, Any] | None = None, key: str = "") -> Any:
    options: dict[str, Any] = {"idempotency_key": key} if key else {}
    try:
        if params is None:
            return method(*args, options=options)
        return method(*args, params=params, options=options)
    except stripe.CardError as exc:
        raise CardDeclined(str(exc.user_message or exc)) from exc
    except stripe.StripeError as exc:
        raise GatewayError(str(exc.user_message or exc)) from exc


def _dict(obj: Any) -> dict[str, Any]:
    return cast(dict[str, Any], obj.to_dict() if hasattr(obj, "to_dict") else dict(obj))


def _timestamp(value: Any) -> datetime | None:
    return datetime.fromtimestamp(int(value), tz=UTC) if value else None


# --- Customers ----------------------------------------------------------------------------


def ensure_customer(
    *,
    organisation_key: str,
    customer_id: str = "",
    email: str,
    name: str,
    address: dict[str, str],
    vat_id: str = "",
) -> str:
    """Create the organisation's customer (once), or bring an existing one up to date."""
    params: dict[str, Any] = {"email": email, "name": name, "preferred_locales": ["de"]}
    clean_address = {k: v for k, v in address.items() if v}
    if clean_address.get("line1"):
        params["address"] = clean_address
    client = _client()
    if customer_id:
        key = idempotency_key("customer-update", customer_id, params=params)
        _call(client.v1.customers.update, customer_id, params=params, key=key)
        return customer_id
    params["metadata"] = {"organisation": organisation_key}
    if vat_id:
        params["tax_id_data"] = [{"type": "eu_vat", "value": vat_id}]
    key = idempotency_key("customer-create", organisation_key, params=params)
    return str(_call(client.v1.customers.create, params=params, key=key).id)


def retrieve_customer(customer_id: str) -> CustomerState:
    data = _dict(_call(_client().v1.customers.retrieve, customer_id))
    address = {k: v for k, v in (data.get("address") or {}).items() if isinstance(v, str)}
    return CustomerState(
        id=data["id"], email=data.get("email") or "", name=data.get("name") or "", address=address
    )


def default_payment_method(customer_id: str) -> PaymentMethodSummary | None:
    """The card invoices are charged to, if the customer has one (never its full number)."""
    client = _client()
    customer = _dict(_call(client.v1.customers.retrieve, customer_id))
    method_id = (customer.get("invoice_settings") or {}).get("default_payment_method")
    if isinstance(method_id, dict):
        method_id = method_id.get("id")
    if not method_id:
        return None
    card = _dict(_call(client.v1.payment_methods.retrieve, str(method_id))).get("card") or {}
    return PaymentMethodSummary(
        brand=str(card.get("brand") or ""),
        last4=str(card.get("last4") or ""),
        exp_month=int(card.get("exp_month") or 0),
        exp_year=int(card.get("exp_year") or 0),
    )


def add_card_at_local_double(
    *, customer_id: str, number: str, exp_month: int, exp_year: int, cvc: str
) -> PaymentMethodSummary:
    """The local double's stand-in for Checkout's card form: a card as the customer's default.

    Only for the local double (development and tests): in production card numbers never reach
    our servers, Stripe Checkout collects them, and this raises ``GatewayError``.
    """
    method = _dialect().add_card(
        _client(),
        _call,
        customer_id=customer_id,
        number=number,
        exp_month=exp_month,
        exp_year=exp_year,
        cvc=cvc,
    )
    card = _dict(method).get("card") or {}
    return PaymentMethodSummary(
        brand=str(card.get("brand") or ""),
        last4=str(card.get("last4") or ""),
        exp_month=exp_month,
        exp_year=exp_year,
    )


# --- Checkout and portal (not in the local double) ----------------------------------------


def create_checkout_session(
    *,
    account_key: str,
    revision: int,
    customer_id: str,
    price_id: str,
    quantity: int,
    success_url: str,
    cancel_url: str,
) -> str:
    """A hosted Checkout page for the first subscription; returns its URL."""
    params: dict[str, Any] = {
        "mode": "subscription",
        "customer": customer_id,
        "client_reference_id": account_key,
        "line_items": [{"price": price_id, "quantity": quantity}],
        "success_url": success_url,
        "cancel_url": cancel_url,
        "locale": "de",
        "billing_address_collection": "required",
        "tax_id_collection": {"enabled": True},
        "customer_update": {"address": "auto", "name": "auto"},
        "subscription_data": {"metadata": {"billing_account": account_key}},
    }
    key = idempotency_key("checkout", account_key, revision, params=params)
    return str(_call(_client().v1.checkout.sessions.create, params=params, key=key).url)


def create_portal_session(*, customer_id: str, return_url: str, attempt: str) -> str:
    """A Billing Portal session (payment method, invoices, address); returns its URL.

    ``attempt`` names the user's action: portal sessions expire within minutes, so replaying
    an old one for a later click would hand out a dead link.
    """
    params = {"customer": customer_id, "return_url": return_url, "locale": "de"}
    key = idempotency_key("portal", customer_id, attempt, params=params)
    return str(_call(_client().v1.billing_portal.sessions.create, params=params, key=key).url)


# --- Subscriptions ------------------------------------------------------------------------


def _subscription_state(obj: Any) -> SubscriptionState:
    data = _dict(obj)
    items = (data.get("items") or {}).get("data") or [{}]
    item = items[0]
    price = item.get("price") or item.get("plan") or {}
    # Newer API versions keep the period on the item, older ones (and localstripe) on both.
    period_end = item.get("current_period_end") or data.get("current_period_end")
    return SubscriptionState(
        id=data["id"],
        customer_id=str(data.get("customer") or ""),
        status=str(data.get("status") or ""),
        price_id=str(price.get("id") or ""),
        item_id=str(item.get("id") or ""),
        quantity=int(item.get("quantity") or data.get("quantity") or 1),
        current_period_end=_timestamp(period_end),
        cancel_at_period_end=bool(data.get("cancel_at_period_end")),
        created=int(data.get("created") or 0),
    )


def create_subscription(
    *, account_key: str, revision: int, customer_id: str, price_id: str, quantity: int
) -> SubscriptionState:
    """Start a subscription with the customer's default payment method (no Checkout)."""
    params: dict[str, Any] = {
        "customer": customer_id,
        "items": [_dialect().item(price_id, quantity)],
        "metadata": {"billing_account": account_key},
    }
    key = idempotency_key("subscription-create", account_key, revision, params=params)
    return _subscription_state(_call(_client().v1.subscriptions.create, params=params, key=key))


def change_subscription(
    *, subscription_id: str, item_id: str, price_id: str, quantity: int, revision: int
) -> SubscriptionState:
    """Switch plan, interval or seats, prorated."""
    dialect = _dialect()
    params: dict[str, Any] = {
        "items": [dialect.item(price_id, quantity, item_id)],
        **dialect.proration(),
    }
    key = idempotency_key("subscription-change", subscription_id, revision, params=params)
    return _subscription_state(
        _call(_client().v1.subscriptions.update, subscription_id, params=params, key=key)
    )


def cancel_subscription(
    *, subscription_id: str, at_period_end: bool, revision: int
) -> SubscriptionState:
    client = _client()
    if at_period_end:
        params = {"cancel_at_period_end": True}
        key = idempotency_key("subscription-cancel-later", subscription_id, revision, params=params)
        return _subscription_state(
            _call(client.v1.subscriptions.update, subscription_id, params=params, key=key)
        )
    key = idempotency_key("subscription-cancel-now", subscription_id, revision)
    return _subscription_state(_call(client.v1.subscriptions.cancel, subscription_id, key=key))


def retrieve_subscription(subscription_id: str) -> SubscriptionState:
    return _subscription_state(_call(_client().v1.subscriptions.retrieve, subscription_id))


def current_subscription(customer_id: str) -> SubscriptionState | None:
    """The customer's subscription that counts now: the newest live one, else the newest ended.

    Reading this (rather than the subscription an event names) makes event processing
    order-safe: a late event about an old, cancelled subscription cannot undo a newer one.
    """
    listing = _call(
        _client().v1.subscriptions.list,
        params={"customer": customer_id, "status": "all", "limit": 100},
    )
    states = [_subscription_state(s) for s in _dict(listing).get("data", [])]
    if not states:
        return None
    live = [s for s in states if s.status in _LIVE_STATUSES]
    return max(live or states, key=lambda s: (s.created, s.id))


# --- Invoices -----------------------------------------------------------------------------


def list_invoices(customer_id: str, limit: int = 12) -> list[InvoiceSummary]:
    listing = _call(_client().v1.invoices.list, params={"customer": customer_id, "limit": limit})
    return [
        InvoiceSummary(
            id=i["id"],
            number=i.get("number") or "",
            status=i.get("status") or "",
            amount_due=int(i.get("amount_due") or 0),
            currency=i.get("currency") or "eur",
            created=_timestamp(i.get("created")),
            pdf_url=i.get("invoice_pdf") or "",
            hosted_url=i.get("hosted_invoice_url") or "",
        )
        for i in _dict(listing).get("data", [])
    ]


# --- Catalog ------------------------------------------------------------------------------


def create_product(*, plan_slug: str, name: str, description: str, product_id: str = "") -> str:
    params: dict[str, Any] = {"name": name, "metadata": {"plan": plan_slug}}
    if description:
        params["description"] = description
    client = _client()
    if product_id:
        key = idempotency_key("product-update", product_id, params=params)
        _call(client.v1.products.update, product_id, params=params, key=key)
        return product_id
    key = idempotency_key("product-create", plan_slug, params=params)
    return str(_call(client.v1.products.create, params=params, key=key).id)


def create_price(
    *, product_id: str, plan_slug: str, interval: str, amount_cents: int, currency: str
) -> str:
    """Prices are immutable at Stripe: a new amount means a new price (old ones stay valid)."""
    dialect, client = _dialect(), _client()
    params = dialect.price_params(
        product_id=product_id,
        amount_cents=amount_cents,
        currency=currency,
        interval=interval,
        metadata={"plan": plan_slug, "interval": interval},
    )
    key = idempotency_key("price-create", plan_slug, interval, params=params)
    return str(_call(dialect.prices(client).create, params=params, key=key).id)


def retrieve_price_amount(price_id: str) -> int | None:
    """The amount of a stored price, or None if Stripe does not know it (any more)."""
    dialect, client = _dialect(), _client()
    try:
        return dialect.price_amount(dialect.prices(client).retrieve(price_id))
    except stripe.InvalidRequestError:
        return None
    except stripe.StripeError as exc:
        raise GatewayError(str(exc.user_message or exc)) from exc


# --- Webhooks -----------------------------------------------------------------------------


def verify_webhook(payload: bytes, signature_header: str, *, now: float | None = None) -> dict:
    """Check the signature with the webhook secret and the timestamp both ways; the event."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret or not signature_header:
        raise WebhookRejected("missing signature or secret")
    try:
        timestamp = int(
            next(p.split("=", 1)[1] for p in signature_header.split(",") if p.startswith("t="))
        )
    except (StopIteration, ValueError) as exc:
        raise WebhookRejected("no timestamp") from exc
    current = time.time() if now is None else now
    if timestamp > current + WEBHOOK_FUTURE_SKEW_SECONDS:
        raise WebhookRejected("timestamp in the future")
    try:
        event = stripe.Webhook.construct_event(
            payload, signature_header, secret, tolerance=WEBHOOK_TOLERANCE_SECONDS
        )
    except (stripe.SignatureVerificationError, ValueError) as exc:
        raise WebhookRejected(str(exc)) from exc
    data = _dict(event)
    if not isinstance(data.get("id"), str) or not isinstance(data.get("type"), str):
        raise WebhookRejected("not an event")
    return data

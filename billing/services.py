"""Billing state changes: plans and catalog, customers, subscriptions, webhook events, dunning,
reconciliation and seats. Stripe is reached only through billing.gateway.

Order safety: whatever triggered it (an event, the reconciliation, a user's change), our copy
of a subscription is refreshed by ``sync_account``, which locks the account row, reads the
customer's current subscription from Stripe and applies it. Reads are serialised per account,
so the last write is always from the newest read, and any order of events converges to
Stripe's newest state.
"""

from __future__ import annotations

import logging
import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context
from stdnum.eu import vat as eu_vat

from accounts.models import User
from audit.services import Action, record
from billing import gateway
from billing.catalog import DEFAULT_PLANS
from billing.entitlements import forget_entitlements, forget_plans
from billing.models import (
    BillingAccount,
    BillingLog,
    Interval,
    Plan,
    StripeEvent,
    SubscriptionStatus,
)
from config import jobs
from config.domain import DomainError
from tenants.models import Organisation, Role
from tenants.roles import require_role

logger = logging.getLogger(__name__)

GRACE_PERIOD = timedelta(days=14)
SEAT_SYNC_DELAY_SECONDS = 60
RETRY_AFTER = timedelta(minutes=1)
MAX_EVENT_ATTEMPTS = 20
VAT_ID_PATTERN = re.compile(r"^[A-Z]{2}[0-9A-Z]{2,13}$")

# Stripe statuses we do not keep as such.
_STATUS_MAP = {
    "incomplete_expired": SubscriptionStatus.CANCELED,
    "paused": SubscriptionStatus.CANCELED,
}
_LIVE = (
    SubscriptionStatus.ACTIVE,
    SubscriptionStatus.TRIALING,
    SubscriptionStatus.PAST_DUE,
    SubscriptionStatus.UNPAID,
)
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


class BillingError(DomainError):
    """A billing rule was broken, or Stripe refused; nothing changed."""


# --- Plans and the Stripe catalog ---------------------------------------------------------


def sync_plans(*, overwrite: bool = False) -> list[Plan]:
    """Create the default plans that are missing; with ``overwrite``, reset edited ones too."""
    plans = []
    for values in DEFAULT_PLANS:
        defaults = {k: v for k, v in values.items() if k != "slug"}
        if overwrite:
            plan, _created = Plan.objects.update_or_create(slug=values["slug"], defaults=defaults)
        else:
            plan, _created = Plan.objects.get_or_create(slug=values["slug"], defaults=defaults)
        plans.append(plan)
    forget_plans()
    return plans


def sync_stripe_catalog() -> list[Plan]:
    """Create or update one Stripe Product per paid plan and a Price per interval; store the ids.

    Idempotent: existing ids are kept while the amount matches (prices are immutable at Stripe,
    so a new amount gets a new price; subscriptions on the old one keep it until changed).
    """
    synced = []
    for plan in Plan.objects.all():
        if plan.is_free:
            continue
        plan.stripe_product_id = gateway.create_product(
            plan_slug=plan.slug,
            name=plan.name,
            description=plan.description,
            product_id=plan.stripe_product_id,
        )
        for interval, field in (
            (Interval.MONTH, "stripe_price_monthly_id"),
            (Interval.YEAR, "stripe_price_yearly_id"),
        ):
            amount = plan.price_cents(interval)
            current = getattr(plan, field)
            if current and gateway.retrieve_price_amount(current) == amount:
                continue
            setattr(
                plan,
                field,
                gateway.create_price(
                    product_id=plan.stripe_product_id,
                    plan_slug=plan.slug,
                    interval=interval,
                    amount_cents=amount,
                    currency=plan.currency,
                ),
            )
        plan.save()
        synced.append(plan)
    return synced


def plan_for_price(price_id: str) -> tuple[Plan | None, str]:
    if not price_id:
        return None, Interval.MONTH
    for plan in Plan.objects.filter(stripe_price_monthly_id=price_id):
        return plan, Interval.MONTH
    for plan in Plan.objects.filter(stripe_price_yearly_id=price_id):
        return plan, Interval.YEAR
    return None, Interval.MONTH


# --- Accounts and customers ---------------------------------------------------------------


def account_for(organisation: Organisation) -> BillingAccount:
    account, _created = BillingAccount.objects.get_or_create(organisation=organisation)
    return account


def _log(
    account: BillingAccount,
    *,
    source: str,
    changes: dict[str, Any],
    event_id: str = "",
    message: str = "",
    acting_user: User | None = None,
) -> None:
    BillingLog.objects.create(
        account=account,
        source=source,
        stripe_event_id=event_id,
        changes=changes,
        message=message,
        acting_user=acting_user,
    )


def ensure_customer(*, organisation: Organisation) -> BillingAccount:
    """The organisation's Stripe customer, created when first needed."""
    account = account_for(organisation)
    if account.stripe_customer_id:
        return account
    customer_id = _gateway(
        gateway.ensure_customer,
        organisation_key=str(organisation.public_id),
        email=account.billing_email or _owner_email(organisation),
        name=account.billing_name or organisation.name,
        address=account.address(),
        vat_id=account.vat_id,
    )
    with transaction.atomic():
        account = BillingAccount.objects.select_for_update().get(pk=account.pk)
        if not account.stripe_customer_id:
            account.stripe_customer_id = customer_id
            account.save(update_fields=["stripe_customer_id", "updated_at"])
            _log(
                account,
                source=BillingLog.Source.USER,
                changes={"stripe_customer_id": ["", customer_id]},
                message="customer created",
            )
    return account


@transaction.atomic
def update_billing_details(
    *,
    organisation: Organisation,
    acting_user: User,
    email: str,
    name: str,
    line1: str = "",
    line2: str = "",
    postal_code: str = "",
    city: str = "",
    country: str = "DE",
    vat_id: str = "",
) -> BillingAccount:
    require_role(organisation=organisation, user=acting_user, minimum=Role.ADMIN)
    vat_id = re.sub(r"[\s.-]", "", vat_id or "").upper()
    if vat_id and not (VAT_ID_PATTERN.match(vat_id) and eu_vat.is_valid(vat_id)):
        raise BillingError(
            _(
                "Diese USt-IdNr. ist nicht gültig (Format z. B. DE136695976; "
                "die Prüfziffer muss stimmen)."
            ),
            field="vat_id",
        )
    account = BillingAccount.objects.select_for_update().get(pk=account_for(organisation).pk)
    new = {
        "billing_email": email.strip(),
        "billing_name": name.strip(),
        "address_line1": line1.strip(),
        "address_line2": line2.strip(),
        "postal_code": postal_code.strip(),
        "city": city.strip(),
        "country": (country or "DE").strip().upper()[:2],
        "vat_id": vat_id,
    }
    changes = {f: [getattr(account, f), v] for f, v in new.items() if getattr(account, f) != v}
    for field, value in new.items():
        setattr(account, field, value)
    account.save()
    if changes:
        _log(account, source=BillingLog.Source.USER, changes=changes, acting_user=acting_user)
    if account.stripe_customer_id:
        _gateway(
            gateway.ensure_customer,
            organisation_key=str(organisation.public_id),
            customer_id=account.stripe_customer_id,
            email=account.billing_email,
            name=account.billing_name or organisation.name,
            address=account.address(),
        )
    return account


def _owner_email(organisation: Organisation) -> str:
    emails = admin_emails(organisation)
    return emails[0] if emails else ""


def admin_emails(organisation: Organisation) -> list[str]:
    """E-mail addresses of the organisation's owners and admins (read in its own schema)."""
    from intranet.models import Membership

    with schema_context(organisation.schema_name):
        return list(
            Membership.objects.filter(is_active=True, role__in=[Role.OWNER, Role.ADMIN])
            .order_by("-role", "pk")
            .values_list("user__email", flat=True)
        )


def _gateway(function: Any, **kwargs: Any) -> Any:
    if not gateway.is_configured():
        raise BillingError(_("Die Zahlungsabwicklung ist nicht eingerichtet."), code="unavailable")
    try:
        return function(**kwargs)
    except gateway.CardDeclined as exc:
        raise BillingError(
            _("Die Karte wurde abgelehnt: %(reason)s") % {"reason": exc},
            field="card_number",
            code="card_declined",
        ) from exc
    except gateway.GatewayError as exc:
        logger.warning("stripe refused", extra={"error": str(exc)})
        raise BillingError(
            _("Die Zahlungsabwicklung ist gerade nicht erreichbar. Bitte versuche es später."),
            code="stripe",
        ) from exc


# --- Subscribe, change, cancel ------------------------------------------------------------


def _paid_plan(plan: Plan, interval: str) -> str:
    price_id = plan.stripe_price_id(interval)
    if plan.is_free or not price_id or interval not in Interval.values:
        raise BillingError(_("Dieser Tarif kann nicht gebucht werden."), field="plan")
    return price_id


def start_checkout(
    *,
    organisation: Organisation,
    acting_user: User,
    plan: Plan,
    interval: str,
    success_url: str,
    cancel_url: str,
) -> str:
    """The URL of a Stripe Checkout page for the organisation's first subscription."""
    require_role(organisation=organisation, user=acting_user, minimum=Role.ADMIN)
    price_id = _paid_plan(plan, interval)
    account = ensure_customer(organisation=organisation)
    if account.status in _LIVE:
        raise BillingError(_("Es gibt bereits ein Abonnement. Ändere den Tarif stattdessen."))
    return str(
        _gateway(
            gateway.create_checkout_session,
            account_key=str(organisation.public_id),
            revision=account.write_revision,
            customer_id=account.stripe_customer_id,
            price_id=price_id,
            quantity=seat_count(organisation) if plan.per_seat else 1,
            success_url=success_url,
            cancel_url=cancel_url,
        )
    )


def open_portal(*, organisation: Organisation, acting_user: User, return_url: str) -> str:
    require_role(organisation=organisation, user=acting_user, minimum=Role.ADMIN)
    account = ensure_customer(organisation=organisation)
    return str(
        _gateway(
            gateway.create_portal_session,
            customer_id=account.stripe_customer_id,
            return_url=return_url,
            attempt=f"{acting_user.pk}:{int(time.time() // 60)}",
        )
    )


def _write_subscription(
    *,
    organisation: Organisation,
    acting_user: User | None,
    source: str,
    write: Any,
    message: str,
) -> BillingAccount:
    """Lock the account, make one write at Stripe, apply Stripe's answer, log it."""
    with transaction.atomic():
        account = (
            BillingAccount.objects.select_for_update(of=("self",))
            .select_related("plan")
            .get(pk=account_for(organisation).pk)
        )
        state = _gateway(write, account=account)
        account.write_revision += 1
        changes = _apply_state(account, state)
        account.save()
        _log(account, source=source, changes=changes, message=message, acting_user=acting_user)
        record(
            organisation=organisation,
            action=Action.PLAN_CHANGED,
            actor=acting_user,
            details={"change": message},
        )
    forget_entitlements(organisation)
    return account


def start_subscription(
    *, organisation: Organisation, acting_user: User, plan: Plan, interval: str
) -> BillingAccount:
    """Subscribe with the customer's default payment method, without Checkout (the local
    double has no Checkout; staff can use it for invoiced customers)."""
    require_role(organisation=organisation, user=acting_user, minimum=Role.ADMIN)
    price_id = _paid_plan(plan, interval)
    ensure_customer(organisation=organisation)

    def write(account: BillingAccount) -> gateway.SubscriptionState:
        if account.status in _LIVE:
            raise BillingError(_("Es gibt bereits ein Abonnement. Ändere den Tarif stattdessen."))
        return gateway.create_subscription(
            account_key=str(organisation.public_id),
            revision=account.write_revision,
            customer_id=account.stripe_customer_id,
            price_id=price_id,
            quantity=seat_count(organisation) if plan.per_seat else 1,
        )

    return _write_subscription(
        organisation=organisation,
        acting_user=acting_user,
        source=BillingLog.Source.USER,
        write=write,
        message=f"subscribed to {plan.slug} ({interval})",
    )


def subscribe_with_card_at_local_double(
    *,
    organisation: Organisation,
    acting_user: User,
    plan: Plan,
    interval: str,
    card_number: str,
    exp_month: int,
    exp_year: int,
    cvc: str,
) -> BillingAccount:
    """Development stand-in for Stripe Checkout (the local double has none): store the card at
    the double and subscribe, exactly as Checkout's completion would."""
    from django.conf import settings

    if not settings.STRIPE_LOCAL_DOUBLE:
        raise BillingError(_("Bitte nutze die Bezahlseite von Stripe."), code="not_found")
    require_role(organisation=organisation, user=acting_user, minimum=Role.ADMIN)
    _paid_plan(plan, interval)
    account = ensure_customer(organisation=organisation)
    if account.status in _LIVE:
        raise BillingError(_("Es gibt bereits ein Abonnement. Ändere den Tarif stattdessen."))
    _gateway(
        gateway.add_card_at_local_double,
        customer_id=account.stripe_customer_id,
        number=card_number,
        exp_month=exp_month,
        exp_year=exp_year,
        cvc=cvc,
    )
    account = start_subscription(
        organisation=organisation, acting_user=acting_user, plan=plan, interval=interval
    )
    if account.status not in (SubscriptionStatus.ACTIVE, SubscriptionStatus.TRIALING):
        # The first payment failed: Stripe keeps the subscription incomplete; say so plainly.
        raise BillingError(
            _("Die Zahlung wurde abgelehnt. Bitte versuche es mit einer anderen Karte."),
            field="card_number",
            code="card_declined",
        )
    return account


def reset_local_double_state() -> int:
    """Forget Stripe ids that belong to a local double which starts empty (``make run``).
    Refused unless the local double is configured. Returns the accounts reset."""
    from django.conf import settings

    if not settings.STRIPE_LOCAL_DOUBLE:
        raise BillingError("only for the local Stripe double")
    # update() bypasses save(): forget_plans() below, or the cached free plan keeps the old ids.
    Plan.objects.update(stripe_product_id="", stripe_price_monthly_id="", stripe_price_yearly_id="")
    accounts = BillingAccount.objects.exclude(stripe_customer_id="")
    count = accounts.update(
        stripe_customer_id="",
        stripe_subscription_id="",
        status=SubscriptionStatus.NONE,
        grace_until=None,
        cancel_at_period_end=False,
        current_period_end=None,
    )
    forget_plans()
    return count


def change_plan(
    *, organisation: Organisation, acting_user: User, plan: Plan, interval: str
) -> BillingAccount:
    """Switch plan or interval, prorated by Stripe."""
    require_role(organisation=organisation, user=acting_user, minimum=Role.ADMIN)
    price_id = _paid_plan(plan, interval)

    def write(account: BillingAccount) -> gateway.SubscriptionState:
        if account.status not in _LIVE or not account.stripe_subscription_id:
            raise BillingError(_("Es gibt kein laufendes Abonnement."))
        current = gateway.retrieve_subscription(account.stripe_subscription_id)
        return gateway.change_subscription(
            subscription_id=current.id,
            item_id=current.item_id,
            price_id=price_id,
            quantity=seat_count(organisation) if plan.per_seat else 1,
            revision=account.write_revision,
        )

    return _write_subscription(
        organisation=organisation,
        acting_user=acting_user,
        source=BillingLog.Source.USER,
        write=write,
        message=f"changed to {plan.slug} ({interval})",
    )


def cancel(
    *, organisation: Organisation, acting_user: User, at_period_end: bool = True
) -> BillingAccount:
    require_role(organisation=organisation, user=acting_user, minimum=Role.ADMIN)

    def write(account: BillingAccount) -> gateway.SubscriptionState:
        if account.status not in _LIVE or not account.stripe_subscription_id:
            raise BillingError(_("Es gibt kein laufendes Abonnement."))
        return gateway.cancel_subscription(
            subscription_id=account.stripe_subscription_id,
            at_period_end=at_period_end,
            revision=account.write_revision,
        )

    return _write_subscription(
        organisation=organisation,
        acting_user=acting_user,
        source=BillingLog.Source.USER,
        write=write,
        message="cancelled at period end" if at_period_end else "cancelled now",
    )


# --- Applying Stripe's state --------------------------------------------------------------


def _apply_state(
    account: BillingAccount,
    state: gateway.SubscriptionState | None,
    *,
    failure_at: datetime | None = None,
) -> dict[str, Any]:
    """Copy Stripe's subscription onto the account; the changes as {field: [old, new]}."""
    now = timezone.now()
    before = {
        "plan": account.plan.slug if account.plan else None,
        "interval": account.interval,
        "status": account.status,
        "seats": account.seats,
        "current_period_end": account.current_period_end,
        "cancel_at_period_end": account.cancel_at_period_end,
        "grace_until": account.grace_until,
        "stripe_subscription_id": account.stripe_subscription_id,
    }
    if state is None:
        account.status = SubscriptionStatus.NONE
        account.stripe_subscription_id = ""
        account.cancel_at_period_end = False
        account.grace_until = None
    else:
        plan, interval = plan_for_price(state.price_id)
        if plan is not None:  # an unknown price keeps the plan we know, and is logged below
            account.plan = plan
            account.interval = interval
        status = _STATUS_MAP.get(state.status, state.status)
        account.status = (
            status if status in SubscriptionStatus.values else SubscriptionStatus.INCOMPLETE
        )
        account.stripe_subscription_id = state.id
        account.seats = state.quantity
        account.current_period_end = state.current_period_end
        account.cancel_at_period_end = state.cancel_at_period_end
        if account.status in (SubscriptionStatus.PAST_DUE, SubscriptionStatus.UNPAID):
            if account.grace_until is None:
                account.grace_until = (failure_at or now) + GRACE_PERIOD
        else:
            account.grace_until = None
    account.last_synced_at = now
    after = {
        "plan": account.plan.slug if account.plan else None,
        "interval": account.interval,
        "status": account.status,
        "seats": account.seats,
        "current_period_end": account.current_period_end,
        "cancel_at_period_end": account.cancel_at_period_end,
        "grace_until": account.grace_until,
        "stripe_subscription_id": account.stripe_subscription_id,
    }
    changes = {k: [_json(before[k]), _json(after[k])] for k in before if before[k] != after[k]}
    if state is not None and state.price_id and account.plan is None:
        changes["unknown_price"] = [None, state.price_id]
    return changes


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def sync_account(
    *,
    account_id: int,
    source: str,
    event_id: str = "",
    failure_at: datetime | None = None,
) -> dict[str, Any]:
    """Refresh one account from Stripe's current state; log and return what changed."""
    with transaction.atomic():
        account = (
            BillingAccount.objects.select_for_update(of=("self",))
            .select_related("plan")
            .get(pk=account_id)
        )
        if not account.stripe_customer_id:
            return {}
        state = gateway.current_subscription(account.stripe_customer_id)
        changes = _apply_state(account, state, failure_at=failure_at)
        account.save()
        if changes:
            _log(account, source=source, changes=changes, event_id=event_id)
    return changes


def refresh_after_checkout(*, organisation: Organisation) -> None:
    """Back from Checkout: read Stripe now, so the page already shows what the webhook will
    bring (the same order-safe sync). If Stripe is unreachable, the webhook brings it later."""
    account = account_for(organisation)
    if not account.stripe_customer_id:
        return
    try:
        sync_account(account_id=account.pk, source=BillingLog.Source.USER)
    except gateway.GatewayError:
        logger.warning("checkout return: stripe unreachable", extra={"account": account.pk})
    forget_entitlements(organisation)


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
        _log(account, source=BillingLog.Source.WEBHOOK, changes=changes, event_id=event_id)


# --- Webhook events -----------------------------------------------------------------------


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


def _account_for_event(payload: dict[str, Any]) -> BillingAccount | None:
    obj = (payload.get("data") or {}).get("object") or {}
    customer = obj.get("id") if obj.get("object") == "customer" else obj.get("customer")
    if isinstance(customer, dict):
        customer = customer.get("id")
    if customer:
        account = BillingAccount.objects.filter(stripe_customer_id=str(customer)).first()
        if account is not None:
            return account
    reference = obj.get("client_reference_id")
    if reference:
        account = BillingAccount.objects.filter(organisation__public_id=reference).first()
        if account is not None and customer and not account.stripe_customer_id:
            account.stripe_customer_id = str(customer)
            account.save(update_fields=["stripe_customer_id", "updated_at"])
        return account
    return None


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
    account = _account_for_event(event.payload)
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


# --- Dunning e-mail -----------------------------------------------------------------------


def send_payment_failed_email(*, stripe_event_pk: int) -> int:
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.utils import translation

    event = StripeEvent.objects.get(pk=stripe_event_pk)
    account = _account_for_event(event.payload)
    if account is None:
        return 0
    organisation = account.organisation
    recipients = admin_emails(organisation)
    if not recipients:
        return 0
    with translation.override("de"):
        context = {
            "organisation": organisation,
            "grace_until": account.grace_until,
            "url": organisation.url("/"),
        }
        subject = render_to_string("billing/email/payment_failed_subject.txt", context).strip()
        body = render_to_string("billing/email/payment_failed.txt", context)
    send_mail(subject, body, None, recipients)
    return len(recipients)


# --- Reconciliation and seats -------------------------------------------------------------


def reconcile_accounts() -> int:
    """Compare every account that has a Stripe customer with Stripe; correct and log drift.
    Returns the number of accounts that changed."""
    changed = 0
    ids = BillingAccount.objects.exclude(stripe_customer_id="").values_list("pk", flat=True)
    for account_id in list(ids):
        try:
            if sync_account(account_id=account_id, source=BillingLog.Source.RECONCILIATION):
                changed += 1
        except gateway.GatewayError:
            logger.warning("reconciliation: stripe unreachable", extra={"account": account_id})
    return changed


def seat_count(organisation: Organisation) -> int:
    """Seats billed: active members, guests not counted; at least one."""
    from intranet.models import Membership

    with schema_context(organisation.schema_name):
        count = Membership.objects.filter(is_active=True).exclude(role=Role.GUEST).count()
    return max(1, count)


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
        or account.status not in _LIVE
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

    return _write_subscription(
        organisation=organisation,
        acting_user=None,
        source=BillingLog.Source.SEAT_SYNC,
        write=write,
        message=f"seats set to {seats}",
    )

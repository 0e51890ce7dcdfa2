"""Subscriptions: the plans and their Stripe catalog, the organisation's customer and billing
details, subscribe (Checkout or directly), change, cancel, and our copy of Stripe's state.

Order safety: whatever triggered it (an event, the reconciliation, a user's change), our copy
of a subscription is refreshed by ``sync_account``, which locks the account row, reads the
customer's current subscription from Stripe and applies it. Reads are serialised per account,
so the last write is always from the newest read, and any order of events converges to
Stripe's newest state. Writes at Stripe go through ``write_subscription`` (the seat sync too).
"""

from __future__ import annotations

import logging
import re
import time
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.eu import vat as eu_vat

from accounts.models import User
from audit.services import Action, record
from billing import gateway
from billing.catalog import DEFAULT_PLANS
from billing.entitlements import forget_entitlements, forget_plans
from billing.models import BillingAccount, BillingLog, Interval, Plan, SubscriptionStatus
from billing.services import dunning
from billing.services.common import (
    LIVE_STATUSES,
    BillingError,
    account_for,
    admin_emails,
    call_gateway,
    seat_count,
    write_log,
)
from tenants.models import Organisation, Role
from tenants.roles import require_role

logger = logging.getLogger(__name__)

VAT_ID_PATTERN = re.compile(r"^[A-Z]{2}[0-9A-Z]{2,13}$")

# Stripe statuses we do not keep as such.
_STATUS_MAP = {
    "incomplete_expired": SubscriptionStatus.CANCELED,
    "paused": SubscriptionStatus.CANCELED,
}


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


def ensure_customer(*, organisation: Organisation) -> BillingAccount:
    """The organisation's Stripe customer, created when first needed."""
    account = account_for(organisation)
    if account.stripe_customer_id:
        return account
    customer_id = call_gateway(
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
            write_log(
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
        write_log(account, source=BillingLog.Source.USER, changes=changes, acting_user=acting_user)
    if account.stripe_customer_id:
        call_gateway(
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
    if account.status in LIVE_STATUSES:
        raise BillingError(_("Es gibt bereits ein Abonnement. Ändere den Tarif stattdessen."))
    return str(
        call_gateway(
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
        call_gateway(
            gateway.create_portal_session,
            customer_id=account.stripe_customer_id,
            return_url=return_url,
            attempt=f"{acting_user.pk}:{int(time.time() // 60)}",
        )
    )


def write_subscription(
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
        state = call_gateway(write, account=account)
        account.write_revision += 1
        changes = _apply_state(account, state)
        account.save()
        write_log(account, source=source, changes=changes, message=message, acting_user=acting_user)
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
        if account.status in LIVE_STATUSES:
            raise BillingError(_("Es gibt bereits ein Abonnement. Ändere den Tarif stattdessen."))
        return gateway.create_subscription(
            account_key=str(organisation.public_id),
            revision=account.write_revision,
            customer_id=account.stripe_customer_id,
            price_id=price_id,
            quantity=seat_count(organisation) if plan.per_seat else 1,
        )

    return write_subscription(
        organisation=organisation,
        acting_user=acting_user,
        source=BillingLog.Source.USER,
        write=write,
        message=f"subscribed to {plan.slug} ({interval})",
    )


def change_plan(
    *, organisation: Organisation, acting_user: User, plan: Plan, interval: str
) -> BillingAccount:
    """Switch plan or interval, prorated by Stripe."""
    require_role(organisation=organisation, user=acting_user, minimum=Role.ADMIN)
    price_id = _paid_plan(plan, interval)

    def write(account: BillingAccount) -> gateway.SubscriptionState:
        if account.status not in LIVE_STATUSES or not account.stripe_subscription_id:
            raise BillingError(_("Es gibt kein laufendes Abonnement."))
        current = gateway.retrieve_subscription(account.stripe_subscription_id)
        return gateway.change_subscription(
            subscription_id=current.id,
            item_id=current.item_id,
            price_id=price_id,
            quantity=seat_count(organisation) if plan.per_seat else 1,
            revision=account.write_revision,
        )

    return write_subscription(
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
        if account.status not in LIVE_STATUSES or not account.stripe_subscription_id:
            raise BillingError(_("Es gibt kein laufendes Abonnement."))
        return gateway.cancel_subscription(
            subscription_id=account.stripe_subscription_id,
            at_period_end=at_period_end,
            revision=account.write_revision,
        )

    return write_subscription(
        organisation=organisation,
        acting_user=acting_user,
        source=BillingLog.Source.USER,
        write=write,
        message="cancelled at period end" if at_period_end else "cancelled now",
    )


# --- Stand-ins for what the local double lacks (development and tests only) ---------------


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
    if not gateway.uses_local_double():
        raise BillingError(_("Bitte nutze die Bezahlseite von Stripe."), code="not_found")
    require_role(organisation=organisation, user=acting_user, minimum=Role.ADMIN)
    _paid_plan(plan, interval)
    account = ensure_customer(organisation=organisation)
    if account.status in LIVE_STATUSES:
        raise BillingError(_("Es gibt bereits ein Abonnement. Ändere den Tarif stattdessen."))
    call_gateway(
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
    if not gateway.uses_local_double():
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
        account.grace_until = dunning.grace_until(
            account.grace_until, account.status, failure_at=failure_at, now=now
        )
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
            write_log(account, source=source, changes=changes, event_id=event_id)
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


# --- Reconciliation -----------------------------------------------------------------------


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

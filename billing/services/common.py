"""What the billing services share: the error, the account and its log, the call into the
gateway that turns Stripe's refusals into ``BillingError``, and reads of the organisation's
members (admins to write to, seats to bill)."""

from __future__ import annotations

import logging
from typing import Any

from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from accounts.models import User
from billing import gateway
from billing.models import BillingAccount, BillingLog, SubscriptionStatus
from config.domain import DomainError
from tenants.models import Organisation, Role

logger = logging.getLogger(__name__)

# Subscriptions that still bind the organisation: no second one may start, changes apply.
LIVE_STATUSES = (
    SubscriptionStatus.ACTIVE,
    SubscriptionStatus.TRIALING,
    SubscriptionStatus.PAST_DUE,
    SubscriptionStatus.UNPAID,
)


class BillingError(DomainError):
    """A billing rule was broken, or Stripe refused; nothing changed."""


def account_for(organisation: Organisation) -> BillingAccount:
    account, _created = BillingAccount.objects.get_or_create(organisation=organisation)
    return account


def write_log(
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


def call_gateway(function: Any, **kwargs: Any) -> Any:
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


def account_for_event(payload: dict[str, Any]) -> BillingAccount | None:
    """The account a Stripe event is about: by its customer, else by Checkout's reference (which
    then links the customer to the account)."""
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


def admin_emails(organisation: Organisation) -> list[str]:
    """E-mail addresses of the organisation's owners and admins (read in its own schema)."""
    from intranet.models import Membership

    with schema_context(organisation.schema_name):
        return list(
            Membership.objects.filter(is_active=True, role__in=[Role.OWNER, Role.ADMIN])
            .order_by("-role", "pk")
            .values_list("user__email", flat=True)
        )


def seat_count(organisation: Organisation) -> int:
    """Seats billed: active members, guests not counted; at least one."""
    from intranet.models import Membership

    with schema_context(organisation.schema_name):
        count = Membership.objects.filter(is_active=True).exclude(role=Role.GUEST).count()
    return max(1, count)

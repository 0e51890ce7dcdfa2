"""Read-only views of billing state: an organisation's billing page and the staff overview."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from billing import gateway
from billing.entitlements import Entitlements, entitlements, members_counted
from billing.models import (
    FREE_PLAN_SLUG,
    BillingAccount,
    BillingLog,
    Feature,
    Interval,
    Plan,
    StripeEvent,
    SubscriptionStatus,
)
from tenants.models import Organisation

logger = logging.getLogger(__name__)

LIVE_STATUSES = (
    SubscriptionStatus.ACTIVE,
    SubscriptionStatus.TRIALING,
    SubscriptionStatus.PAST_DUE,
    SubscriptionStatus.UNPAID,
)
PAYING_STATUSES = (
    SubscriptionStatus.ACTIVE,
    SubscriptionStatus.TRIALING,
    SubscriptionStatus.PAST_DUE,
)


def offered_plans() -> list[Plan]:
    """Plans an organisation can choose on its billing page, cheapest first."""
    return list(Plan.objects.filter(is_public=True).order_by("position", "pk"))


def plans_with(feature: Feature | str) -> list[Plan]:
    """The offered plans that include a feature: the one source for every "in the plans …"
    hint (API access, own domain, SSO, decisions), so the hints match the billing page."""
    return [plan for plan in offered_plans() if str(feature) in (plan.features or [])]


def plan_names_with(feature: Feature | str) -> str:
    """„Partei / Profi“ oder „Pro Mitglied“: the names of ``plans_with(feature)`` in one phrase
    ("" when no offered plan has it; the caller then leaves the names out)."""
    names = [_("„%(name)s“") % {"name": plan.display_name} for plan in plans_with(feature)]
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return _("%(first)s oder %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


@dataclass
class HistoryEntry:
    """One line of an organisation's billing history, in words: the status as its label, the
    plan by its display name (the log stores the raw values)."""

    entry: BillingLog
    status: str
    plan: str


def billing_history(account: BillingAccount, limit: int = 10) -> list[HistoryEntry]:
    entries = list(BillingLog.objects.filter(account=account).select_related("acting_user")[:limit])
    slugs = {e.changes["plan"][1] for e in entries if _changed(e, "plan")}
    names = {p.slug: p.display_name for p in Plan.objects.filter(slug__in=slugs)} if slugs else {}
    history = []
    for e in entries:
        status = ""
        if _changed(e, "status"):
            value = str(e.changes["status"][1])
            status = str(SubscriptionStatus(value).label) if value in SubscriptionStatus else value
        plan = ""
        if _changed(e, "plan"):
            slug = e.changes["plan"][1]
            plan = names.get(slug, slug) if slug else "–"
        history.append(HistoryEntry(entry=e, status=status, plan=plan))
    return history


def _changed(entry: BillingLog, field_name: str) -> bool:
    value = (entry.changes or {}).get(field_name)
    return isinstance(value, list) and len(value) == 2


@dataclass
class BillingOverview:
    account: BillingAccount
    entitlements: Entitlements
    plan: Plan | None  # the plan in force (free when nothing is subscribed)
    members: int
    has_subscription: bool
    next_invoice_at: datetime | None
    next_invoice_cents: int | None
    offers: list[Plan]
    invoices: list[gateway.InvoiceSummary] = field(default_factory=list)
    payment_method: gateway.PaymentMethodSummary | None = None
    stripe_unreachable: bool = False

    @property
    def member_limit(self) -> int | None:
        return self.entitlements.member_limit

    @property
    def members_over_limit(self) -> bool:
        return self.member_limit is not None and self.members > self.member_limit

    @property
    def checkout_is_local(self) -> bool:
        return gateway.uses_local_double()


def _price_of(plan: Plan, interval: str, seats: int) -> int:
    return plan.price_cents(interval) * (seats if plan.per_seat else 1)


def billing_overview(organisation: Organisation, *, with_stripe: bool = True) -> BillingOverview:
    """Everything the billing page shows. Invoices and the card come from Stripe; when Stripe
    cannot be reached the page still shows our own state and says so."""
    account, _created = BillingAccount.objects.select_related("plan").get_or_create(
        organisation=organisation
    )
    rights = entitlements(organisation)
    has_subscription = account.status in LIVE_STATUSES and bool(account.stripe_subscription_id)
    offers = offered_plans()
    in_force = account.plan if has_subscription else None
    if in_force is None:
        in_force = next((p for p in offers if p.slug == FREE_PLAN_SLUG), None)
    next_at = next_cents = None
    if has_subscription and account.plan and not account.cancel_at_period_end:
        next_at = account.current_period_end
        next_cents = _price_of(account.plan, account.interval, account.seats)
    overview = BillingOverview(
        account=account,
        entitlements=rights,
        plan=in_force,
        members=members_counted(organisation),
        has_subscription=has_subscription,
        next_invoice_at=next_at,
        next_invoice_cents=next_cents,
        offers=offers,
    )
    if with_stripe and account.stripe_customer_id and gateway.is_configured():
        try:
            overview.invoices = gateway.list_invoices(account.stripe_customer_id)
            overview.payment_method = gateway.default_payment_method(account.stripe_customer_id)
        except gateway.GatewayError:
            logger.warning("billing page: stripe unreachable", extra={"account": account.pk})
            overview.stripe_unreachable = True
    return overview


# --- Platform staff -----------------------------------------------------------------------


@dataclass
class PlatformMetrics:
    mrr_cents: int
    by_status: dict[str, int]
    by_plan: list[tuple[str, int]]
    failing: list[BillingAccount]
    failed_payments_30_days: int
    events_waiting: int
    events_failing: int


def _monthly_cents() -> Case:
    """What one account pays per month: a yearly price counts a twelfth."""
    per_seat = Case(
        When(plan__per_seat=True, then=F("seats")), default=Value(1), output_field=IntegerField()
    )
    price = Case(
        When(interval=Interval.YEAR, then=F("plan__price_yearly_cents") / 12),
        default=F("plan__price_monthly_cents"),
        output_field=IntegerField(),
    )
    return price * per_seat  # type: ignore[return-value]


def platform_metrics(*, now: datetime | None = None) -> PlatformMetrics:
    """MRR, subscriptions by state and failing payments, in a fixed number of queries."""
    now = now or timezone.now()
    paying = BillingAccount.objects.filter(status__in=PAYING_STATUSES, plan__isnull=False)
    mrr = paying.aggregate(total=Coalesce(Sum(_monthly_cents()), 0))["total"]
    by_status = dict(
        BillingAccount.objects.values_list("status").annotate(n=Count("pk")).order_by("status")
    )
    by_plan = list(
        paying.values_list("plan__name").annotate(n=Count("pk")).order_by("-n", "plan__name")
    )
    failing = list(
        BillingAccount.objects.filter(
            status__in=(SubscriptionStatus.PAST_DUE, SubscriptionStatus.UNPAID)
        )
        .select_related("organisation", "plan")
        .order_by("grace_until", "pk")[:100]
    )
    events = StripeEvent.objects.aggregate(
        failed=Count(
            "pk",
            filter=Q(type="invoice.payment_failed", created__gte=now - timedelta(days=30)),
        ),
        waiting=Count("pk", filter=Q(processed_at__isnull=True)),
        failing=Count("pk", filter=Q(processed_at__isnull=True) & ~Q(last_error="")),
    )
    return PlatformMetrics(
        mrr_cents=int(mrr),
        by_status=by_status,
        by_plan=by_plan,
        failing=failing,
        failed_payments_30_days=events["failed"],
        events_waiting=events["waiting"],
        events_failing=events["failing"],
    )

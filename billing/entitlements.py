"""What an organisation may use now: the one function the intranet asks.

Rules (issue #5): trialing and active give the plan's features; past due keeps them until the
grace period ends (14 days from the first failed payment), then the organisation is read-only;
cancelled, incomplete or no subscription fall back to the free plan. Nothing is ever deleted:
features of the previous plan stay readable (``readable_features``) but not usable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.cache import caches
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.models import FREE_PLAN_SLUG, BillingAccount, Plan, SubscriptionStatus
from tenants.models import Invitation, Organisation, Role
from tenants.roles import OrganisationError

_FREE_PLAN_CACHE_KEY = "billing:free-plan:v1"
_ATTRIBUTE = "_billing_entitlements"

# Used when the free plan row is missing (sync_plans not run yet).
_FREE_FALLBACK = {"slug": FREE_PLAN_SLUG, "features": [], "member_limit": 30, "storage_mb": 1024}


@dataclass(frozen=True)
class Entitlements:
    plan_slug: str
    status: str
    features: frozenset[str]  # usable now
    readable_features: frozenset[str]  # their data can still be read
    member_limit: int | None
    storage_mb: int
    read_only: bool
    grace_until: datetime | None

    @property
    def in_grace_period(self) -> bool:
        return self.status == SubscriptionStatus.PAST_DUE and not self.read_only


def _plans_cache() -> Any:
    # Plans live in the public schema and are the same on every host: the schema-free platform
    # cache, so that forget_plans() (called from the public admin) reaches every organisation.
    return caches["platform"]


def _free_plan_values() -> dict[str, Any]:
    values = _plans_cache().get(_FREE_PLAN_CACHE_KEY)
    if values is None:
        plan = Plan.objects.filter(slug=FREE_PLAN_SLUG).first()
        values = (
            {
                "slug": plan.slug,
                "features": list(plan.features),
                "member_limit": plan.member_limit,
                "storage_mb": plan.storage_mb,
            }
            if plan
            else _FREE_FALLBACK
        )
        _plans_cache().set(_FREE_PLAN_CACHE_KEY, values, 300)
    return dict(values)


def forget_plans() -> None:
    """Call after a plan was edited."""
    _plans_cache().delete(_FREE_PLAN_CACHE_KEY)


def compute_entitlements(
    account: BillingAccount | None, *, now: datetime | None = None
) -> Entitlements:
    now = now or timezone.now()
    free = _free_plan_values()
    free_features = frozenset(free["features"])
    status = account.status if account else SubscriptionStatus.NONE
    plan = account.plan if account else None
    if plan is None or plan.slug == FREE_PLAN_SLUG:
        return Entitlements(
            plan_slug=free["slug"],
            status=status,
            features=free_features,
            readable_features=free_features,
            member_limit=free["member_limit"],
            storage_mb=free["storage_mb"],
            read_only=False,
            grace_until=None,
        )
    assert account is not None  # noqa: S101  # plan is set only through an account
    plan_features = frozenset(plan.features)
    paid = Entitlements(
        plan_slug=plan.slug,
        status=status,
        features=plan_features,
        readable_features=plan_features | free_features,
        member_limit=plan.member_limit,
        storage_mb=plan.storage_mb,
        read_only=False,
        grace_until=account.grace_until,
    )
    if status in (SubscriptionStatus.ACTIVE, SubscriptionStatus.TRIALING):
        return paid
    if status == SubscriptionStatus.PAST_DUE and (
        account.grace_until is None or now < account.grace_until
    ):
        return paid
    if status in (SubscriptionStatus.PAST_DUE, SubscriptionStatus.UNPAID):
        # Grace is over: everything stays visible, nothing can be changed until payment.
        return Entitlements(
            plan_slug=plan.slug,
            status=status,
            features=frozenset(),
            readable_features=plan_features | free_features,
            member_limit=plan.member_limit,
            storage_mb=plan.storage_mb,
            read_only=True,
            grace_until=account.grace_until,
        )
    # Cancelled, incomplete or none: the free plan; the old plan's data stays readable.
    return Entitlements(
        plan_slug=free["slug"],
        status=status,
        features=free_features,
        readable_features=plan_features | free_features,
        member_limit=free["member_limit"],
        storage_mb=free["storage_mb"],
        read_only=False,
        grace_until=None,
    )


def entitlements(organisation: Organisation) -> Entitlements:
    """The organisation's entitlements; one query, remembered on the organisation object
    (a request's tenant), so a page asks the database once."""
    cached = getattr(organisation, _ATTRIBUTE, None)
    if cached is not None:
        return cached
    account = (
        BillingAccount.objects.select_related("plan")
        .filter(organisation_id=organisation.pk)
        .first()
    )
    result = compute_entitlements(account)
    setattr(organisation, _ATTRIBUTE, result)
    return result


def forget_entitlements(organisation: Organisation) -> None:
    if hasattr(organisation, _ATTRIBUTE):
        delattr(organisation, _ATTRIBUTE)


def has_feature(organisation: Organisation, feature: str) -> bool:
    return feature in entitlements(organisation).features


def members_counted(organisation: Organisation) -> int:
    """Active members the plan's member limit counts (guests are not counted)."""
    from django_tenants.utils import schema_context

    from intranet.models import Membership

    with schema_context(organisation.schema_name):
        return Membership.objects.filter(is_active=True).exclude(role=Role.GUEST).count()


def seats_left(organisation: Organisation, *, reserved: int = 0) -> int | None:
    """How many more members the plan admits (``reserved``: places already promised, e.g. open
    invitations); None when the plan has no limit. Existing members above a lower plan's limit
    are never removed: only new ones are refused."""
    limit = entitlements(organisation).member_limit
    if limit is None:
        return None
    return max(0, limit - members_counted(organisation) - reserved)


class MemberLimitReached(OrganisationError):
    """The plan has no place for more members; every way in (invitation, import, joining,
    reactivation) refuses with this one error."""


def require_seats(organisation: Organisation, *, wanted: int = 1) -> None:
    """Refuse ``wanted`` new counted members unless the plan has room for them. Open invitations
    (except guests') hold a place, so an accepting invitation must be accepted before its
    person is added, or it would count against itself."""
    reserved = (
        Invitation.objects.open().filter(organisation=organisation).exclude(role=Role.GUEST).count()
    )
    left = seats_left(organisation, reserved=reserved)
    if left is not None and wanted > left:
        raise MemberLimitReached(
            _(
                "Euer Tarif hat nicht genug freie Plätze: frei sind noch %(left)d "
                "(offene Einladungen zählen mit, Gäste nicht). Admins können unter "
                "Einstellungen → Abrechnung einen größeren Tarif wählen."
            )
            % {"left": left},
            code="member_limit",
        )

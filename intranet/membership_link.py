"""The membership is the one authority on who belongs to an organisation.

django-tenant-users keeps its own link (the public ``user.tenants`` M2M, read by the
organisation switcher and the personal data export, and a ``UserTenantPermissions`` row in the
organisation's schema). It is derived here and nowhere else: present exactly while the
person's ``intranet.Membership`` is active. Every membership write ends with ``sync_link``, so
removal, deactivation and erasure cannot leave the two apart; ``link_drift`` and
``reconcile_links`` find and repair what an interrupted write or a hand edit left behind.
"""

from __future__ import annotations

from dataclasses import dataclass

from django_tenants.utils import schema_context
from tenant_users.permissions.models import UserTenantPermissions

from accounts.models import User
from intranet.models import Membership
from tenants.models import Organisation


def sync_link(organisation: Organisation, user: User) -> None:
    """Make the tenant-users link follow the person's membership (idempotent)."""
    with schema_context(organisation.schema_name):
        active = Membership.objects.filter(user_id=user.pk, is_active=True).exists()
        linked = organisation.user_set.filter(pk=user.pk).exists()
        has_permissions = UserTenantPermissions.objects.filter(profile_id=user.pk).exists()
        if active and not (linked and has_permissions):
            # A half-written link (permissions without the M2M row or the reverse) is rebuilt.
            UserTenantPermissions.objects.filter(profile_id=user.pk).delete()
            user.tenants.remove(organisation)
            organisation.add_user(user, is_superuser=False, is_staff=False)
        elif not active and (linked or has_permissions):
            UserTenantPermissions.objects.filter(profile_id=user.pk).delete()
            user.tenants.remove(organisation)


@dataclass(frozen=True)
class LinkDrift:
    missing: frozenset[int]  # active members without the link
    extra: frozenset[int]  # linked people who are no active member

    def __bool__(self) -> bool:
        return bool(self.missing or self.extra)


def link_drift(organisation: Organisation) -> LinkDrift:
    """Where the derived link disagrees with the memberships (three queries)."""
    with schema_context(organisation.schema_name):
        active = set(Membership.objects.filter(is_active=True).values_list("user_id", flat=True))
        permitted = set(UserTenantPermissions.objects.values_list("profile_id", flat=True))
    linked = set(organisation.user_set.values_list("pk", flat=True))
    both = linked & permitted
    return LinkDrift(
        missing=frozenset(active - both), extra=frozenset((linked | permitted) - active)
    )


def reconcile_links(organisation: Organisation) -> LinkDrift:
    """Repair the link to match the memberships; returns what was repaired."""
    drift = link_drift(organisation)
    for user in User.objects.filter(pk__in=drift.missing | drift.extra):
        sync_link(organisation, user)
    return drift

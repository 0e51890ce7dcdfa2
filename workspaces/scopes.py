"""Turn a request into the ``Actor`` the workspace rules work with. The only place that knows
the difference between an organisation's intranet and the public network.

- Intranet: its active members are the people; guests read but do not write; admins and
  owners moderate; an organisation whose plan lapsed past its grace period is read-only
  (billing.entitlements).
- Network: every active account is a person; blocked people read but do not write; platform
  staff moderate. (Citizen boxes get their routes with the network issue.)
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import HttpRequest

from workspaces.permissions import Actor, Scope


def _organisation_members() -> QuerySet[Any]:
    from intranet.models import Membership

    return Membership.objects.filter(is_active=True)


def _network_people() -> QuerySet[Any]:
    return get_user_model().objects.filter(is_active=True)


INTRANET = Scope(kind="intranet", people=_organisation_members, person_field="user_id")
NETWORK = Scope(kind="network", people=_network_people, person_field="pk")


def intranet_actor(user: Any, membership: Any, organisation: Any) -> Actor:
    from billing.entitlements import entitlements
    from intranet.permissions import may_see_directory
    from tenants.models import Role

    writable = membership.has_role(Role.MEMBER) and not entitlements(organisation).read_only
    return Actor(
        user=user,
        scope=INTRANET,
        can_write=writable,
        can_create=writable,
        is_moderator=membership.has_role(Role.ADMIN),
        sees_directory=may_see_directory(membership),
    )


def network_actor(user: Any) -> Actor:
    writable = user.is_active and getattr(user, "blocked_at", None) is None
    return Actor(
        user=user,
        scope=NETWORK,
        can_write=writable,
        can_create=writable,
        is_moderator=bool(user.is_staff),
    )


def actor_for(request: HttpRequest) -> Actor | None:
    """The visitor as an actor of this host's scope; None for anonymous visitors and for
    people who do not belong to the organisation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.is_public:
        return network_actor(user)
    from intranet.permissions import current_membership

    membership = current_membership(request)
    if membership is None:
        return None
    return intranet_actor(user, membership, tenant)

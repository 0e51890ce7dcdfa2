"""Actors and content for workspace tests, in whatever schema the test has entered."""

from __future__ import annotations

from typing import Any

from tenants.db import connection
from workspaces.permissions import Actor
from workspaces.scopes import intranet_actor, network_actor


def actor(user: Any) -> Actor:
    """The user as an actor of the current schema: a member of the organisation whose schema
    we are in (their role from its Membership), or a person of the network in public."""
    from intranet.models import Membership

    tenant = connection.tenant
    if getattr(tenant, "schema_name", "public") == "public":
        return network_actor(user)
    membership = Membership.objects.get(user=user, is_active=True)
    return intranet_actor(user, membership, tenant)

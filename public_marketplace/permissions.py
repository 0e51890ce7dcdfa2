"""Who may do what with impulses. Used by services, views, templates and the API alike."""

from __future__ import annotations

from typing import Any

from accounts.permissions import is_platform_staff
from public_marketplace.models import Impulse, ImpulseStatus
from tenants.models import Role


def can_post_for(user: Any, organisation: Any) -> bool:
    """Admins and owners post on their organisation's behalf."""
    from tenants.services import role_of

    role = role_of(organisation=organisation, user=user)
    return role in (Role.ADMIN, Role.OWNER)


def can_edit_impulse(user: Any, impulse: Impulse) -> bool:
    if not user.is_authenticated:
        return False
    if impulse.organisation_id is not None:
        return can_post_for(user, impulse.organisation)
    return bool(impulse.author_id == user.pk)


def can_aim_impulse(user: Any, impulse: Impulse) -> bool:
    """Who sets or clears an impulse's support goal: its editors, and platform staff (who
    moderate the network)."""
    return can_edit_impulse(user, impulse) or is_platform_staff(user)


def may_change_status(user: Any, impulse: Impulse) -> bool:
    """Who may move an impulse along its lifecycle at all: its editors; platform staff (who
    may only archive it, see services.impulses.change_status). Asked before the input."""
    return can_edit_impulse(user, impulse) or bool(user.is_authenticated and user.is_staff)


def can_view_impulse(user: Any, impulse: Impulse) -> bool:
    if impulse.is_hidden:
        return bool(user.is_authenticated and user.is_staff)
    if impulse.status == ImpulseStatus.DRAFT:
        return can_edit_impulse(user, impulse)
    return True

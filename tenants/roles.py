"""Who holds which role in an organisation, and the error every organisation rule raises.

A floor below ``tenants.services``: audit, billing and intranet check roles through this module
without importing the organisation lifecycle (which imports them).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from accounts.models import User
from config.domain import DomainError
from tenants.models import ROLE_RANK, Organisation, Role


class OrganisationError(DomainError):
    """A rule of the organisation lifecycle was broken; ``field`` names the form field."""


class InvitationError(OrganisationError):
    pass


def role_of(*, organisation: Organisation, user: User) -> str | None:
    """The user's active role in the organisation, read from the organisation's own schema."""
    if not user.is_authenticated or not organisation.is_ready:
        return None
    from intranet.models import Membership

    with schema_context(organisation.schema_name):
        membership = Membership.objects.filter(user_id=user.pk, is_active=True).first()
        return membership.role if membership else None


def require_role(*, organisation: Organisation, user: User, minimum: str) -> str:
    role = role_of(organisation=organisation, user=user)
    if role is None or ROLE_RANK[Role(role)] < ROLE_RANK[Role(minimum)]:
        raise OrganisationError(
            _("Dafür fehlt dir die Berechtigung in dieser Organisation."), code="forbidden"
        )
    return role

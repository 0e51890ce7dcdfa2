"""Who must use a second factor (docs/security.md AUTH-5)."""

from __future__ import annotations

from typing import Any

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings

from tenants.models import Role

# Roles an organisation's requirement applies to.
GUARDED_ROLES = {Role.ADMIN, Role.OWNER}


def second_factor_missing(*, user: Any, organisation: Any, role: str | None) -> bool:
    """True when this person, in this place, must set up a second factor before going on."""
    if not user.is_authenticated or organisation is None or organisation.is_public:
        return False
    required = bool(organisation.require_two_factor) and role in GUARDED_ROLES
    # The question to the database last: most requests are decided without it.
    return required and not is_mfa_enabled(user)


def staff_second_factor_missing(user: Any) -> bool:
    return bool(
        settings.STAFF_REQUIRE_TWO_FACTOR
        and user.is_authenticated
        and user.is_staff
        and not is_mfa_enabled(user)
    )

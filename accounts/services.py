"""Changes a person makes to their own account."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from config.domain import DomainError


def clean_display_name(raw: str) -> str:
    """The one rule for a display name (profile and sign-up): 2 to 80 characters, inner spaces
    collapsed, and no e-mail address (it is shown to everyone)."""
    name = " ".join(raw.split())
    if not 2 <= len(name) <= 80:
        raise DomainError(_("Der Anzeigename braucht 2 bis 80 Zeichen."), field="display_name")
    if "@" in name:
        raise DomainError(_("Bitte keine E-Mail-Adresse als Anzeigenamen."), field="display_name")
    return name


@transaction.atomic
def update_profile(*, user: User, display_name: str, home_district: Any = None) -> User:
    name = clean_display_name(display_name)
    user.display_name = name
    user.home_district = home_district
    user.save(update_fields=["display_name", "home_district"])
    return user

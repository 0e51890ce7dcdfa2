"""Checks other apps call before someone takes part (posting, commenting, supporting)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from config.domain import DomainError


def ensure_can_participate(user: Any) -> None:
    """Blocked people can read, but not post, comment, support or report."""
    if getattr(user, "blocked_at", None) is not None:
        raise DomainError(_("Dein Konto ist für Beiträge gesperrt."), code="forbidden")

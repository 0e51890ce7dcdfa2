"""Impact figures are aggregates (counts per city, district and topic) and name nobody; nothing
to export or erase (see accounts/privacy.py)."""

from __future__ import annotations

from accounts.models import User
from accounts.privacy import Rows

MODELS: list[str] = []


def export(user: User) -> dict[str, Rows]:
    return {}


def erase(user: User) -> int:
    return 0

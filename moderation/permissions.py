"""Who may report what, and who moderates. Used by services, views, templates and the API."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from accounts.permissions import is_platform_staff
from public_marketplace.models import Impulse
from threads.models import Comment


def can_moderate(user: Any) -> bool:
    """Platform staff (``is_staff`` in the public schema) run the moderation queue."""
    return is_platform_staff(user)


def is_reportable(target: Impulse | Comment | User) -> bool:
    """Only what everyone can see: no hidden, deleted or unpublished content, no closed accounts."""
    if isinstance(target, Impulse):
        return target.is_visible
    if isinstance(target, Comment):
        if target.is_removed:
            return False
        if target.thread.kind != "impulse":
            return True
        impulse = Impulse.objects.filter(pk=target.thread.target_id).first()
        return impulse is not None and impulse.is_visible
    return bool(target.is_active)


def is_own(user: Any, target: Impulse | Comment | User) -> bool:
    """The person themselves, or content they wrote (nobody reports themselves)."""
    if isinstance(target, User):
        return bool(target.pk == user.pk)
    return target.author_id is not None and target.author_id == user.pk

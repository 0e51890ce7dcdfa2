"""Reads for the notification centre and the API: one page by keyset, a bounded unread count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from config import keyset
from notifications.models import Notification, NotificationSettings

PAGE_SIZE = 30
# Counting beyond this is not useful to anyone ("99+"), and keeps the count cheap.
UNREAD_COUNT_LIMIT = 100


@dataclass
class NotificationPage:
    items: list[Notification]
    next_cursor: str | None


def notifications_of(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user_id=user.pk).order_by("-created_at", "-id")


def notification_page(user: Any, cursor: str = "", limit: int = PAGE_SIZE) -> NotificationPage:
    """Newest first, continuing after ``cursor`` (no OFFSET: a deep page costs what the first
    one costs)."""
    qs = notifications_of(user)
    position = keyset.decode(cursor, datetime, int)
    if position is not None:
        created_at, last_id = position
        qs = qs.filter(Q(created_at__lt=created_at) | Q(created_at=created_at, id__lt=last_id))
    items = list(qs[: limit + 1])
    next_cursor = None
    if len(items) > limit:
        items = items[:limit]
        next_cursor = keyset.encode(items[-1].created_at, items[-1].pk)
    return NotificationPage(items=items, next_cursor=next_cursor)


def unread_count(user: Any) -> int:
    """Up to ``UNREAD_COUNT_LIMIT``; the page shows "99+" beyond."""
    return (
        Notification.objects.filter(user_id=user.pk, read_at__isnull=True)
        .order_by()[:UNREAD_COUNT_LIMIT]
        .count()
    )


def settings_of(user: Any) -> NotificationSettings:
    """The person's settings, or the defaults (not saved) if they never changed them."""
    return NotificationSettings.objects.filter(user_id=user.pk).first() or NotificationSettings(
        user_id=user.pk
    )

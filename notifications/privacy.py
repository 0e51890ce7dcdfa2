"""Notifications in a person's data rights (see accounts/privacy.py): all of them go."""

from __future__ import annotations

from accounts.models import User
from accounts.privacy import Rows, by_user, deleted, rows
from notifications.models import Notification, NotificationSettings

MODELS = ["notifications.Notification", "notifications.NotificationSettings"]


def export(user: User) -> dict[str, Rows]:
    return {
        "notifications": rows(by_user(Notification, user, "user")),
        "settings": rows(by_user(NotificationSettings, user, "user")),
    }


def erase(user: User) -> int:
    count = deleted(by_user(Notification, user, "user"))
    return count + deleted(by_user(NotificationSettings, user, "user"))

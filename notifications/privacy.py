"""Notifications in a person's data rights (see accounts/privacy.py): theirs go, and others'
notifications that name them in the title lose the name."""

from __future__ import annotations

from django.db.models import Value
from django.db.models.functions import Replace
from django.utils.translation import gettext as _

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
    count += deleted(by_user(NotificationSettings, user, "user"))
    name = user.display_name.strip()
    if len(name) >= 2:
        # Others' notifications name the person in their title ("Kira hat dich erwähnt").
        count += Notification.objects.filter(title__contains=name).update(
            title=Replace("title", Value(name), Value(_("Ein ehemaliges Mitglied")))
        )
    return count

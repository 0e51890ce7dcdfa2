"""In-app notifications and each person's notification settings.

Installed in both schemas: the public network notifies about impulses, an intranet about its
own posts and events; each schema keeps its own notifications.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    verb = models.CharField(max_length=40)  # e.g. "impulse.new_in_district"
    title = models.CharField(max_length=200)
    url = models.CharField(max_length=300, blank=True)  # a path on this host
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)  # included in a digest

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["user", "-created_at", "-id"]),
            models.Index(
                fields=["user", "created_at"],
                name="notification_digest_due",
                condition=models.Q(emailed_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class DigestFrequency(models.TextChoices):
    NEVER = "never", _("Nie")
    DAILY = "daily", _("Täglich")
    WEEKLY = "weekly", _("Wöchentlich")


class NotificationSettings(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    in_app = models.BooleanField(_("Benachrichtigungen in der App"), default=True)
    email_digest = models.CharField(
        _("E-Mail-Zusammenfassung"),
        max_length=10,
        choices=DigestFrequency.choices,
        default=DigestFrequency.WEEKLY,
    )
    last_digest_at = models.DateTimeField(null=True, blank=True)
    # One switch per kind of notification (notifications/kinds.py), all on by default; off
    # means neither in the app nor in the digest, which is built from the same rows.
    box_activity = models.BooleanField(default=True)
    box_invitations = models.BooleanField(default=True)
    mentions = models.BooleanField(default=True)
    tasks = models.BooleanField(default=True)
    offers = models.BooleanField(default=True)
    offer_answers = models.BooleanField(default=True)
    stages = models.BooleanField(default=True)
    comments = models.BooleanField(default=True)
    new_impulses = models.BooleanField(default=True)
    events = models.BooleanField(default=True)
    decisions = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.email_digest}"

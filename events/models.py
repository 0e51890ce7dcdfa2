"""Events (Termine) as a workspace building block, installed in both SHARED_APPS and
TENANT_APPS: an event belongs to a workspace (an intranet group, later a citizen box) or, with
no workspace, to the whole scope (an organisation). Each schema holds its own rows.

Who may see an event follows its workspace (workspaces/permissions.py). The number of people
going and waiting is kept by the services under a lock on the event row, so pages never COUNT
and the capacity can never be overbooked.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.utils.translation import gettext_lazy as _

from workspaces.models import Workspace

TITLE_MAX = 200
DESCRIPTION_MAX = 10_000
PLACE_MAX = 200
URL_MAX = 500
CAPACITY_MAX = 100_000


class Event(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    title = models.CharField(_("Titel"), max_length=TITLE_MAX)
    description = models.TextField(_("Beschreibung"), max_length=DESCRIPTION_MAX, blank=True)
    description_html = models.TextField(editable=False, blank=True)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    place = models.CharField(_("Ort"), max_length=PLACE_MAX, blank=True)
    online_url = models.URLField(_("Online-Link"), max_length=URL_MAX, blank=True)
    capacity = models.PositiveIntegerField(_("Plätze"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    going_count = models.PositiveIntegerField(default=0)
    waiting_count = models.PositiveIntegerField(default=0)
    maybe_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")
        ordering: ClassVar = ["starts_at", "id"]
        indexes: ClassVar = [
            # Keyset pages of upcoming events: all of the scope's, and one workspace's.
            models.Index(fields=["starts_at", "id"], name="event_upcoming"),
            models.Index(fields=["workspace", "starts_at", "id"], name="event_workspace_upcoming"),
            # Search (intranet/search.py): exactly the weighted vector the search builds, so a
            # search reads the matching events instead of computing every event's vector.
            GinIndex(
                SearchVector("title", weight="A", config="german")
                + SearchVector("description", weight="B", config="german"),
                name="event_search",
            ),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.going_count)


class Answer(models.TextChoices):
    YES = "yes", _("Ich komme")
    MAYBE = "maybe", _("Vielleicht")
    NO = "no", _("Ich komme nicht")


class Rsvp(models.Model):
    """One person's answer to one event. A "yes" beyond the capacity waits (``waiting``) in
    the order of ``yes_at`` and moves up when a place frees."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(_("Antwort"), max_length=8, choices=Answer.choices)
    waiting = models.BooleanField(default=False)
    yes_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(auto_now=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Zusage")
        verbose_name_plural = _("Zusagen")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["event", "user"], name="rsvp_once_per_person"),
            models.CheckConstraint(
                condition=models.Q(waiting=False) | models.Q(answer="yes"),
                name="rsvp_only_yes_waits",
            ),
        ]
        indexes: ClassVar = [
            # The waiting list in order, for moving up.
            models.Index(
                fields=["event", "yes_at", "id"],
                name="rsvp_waiting_list",
                condition=models.Q(waiting=True),
            ),
            # Reminders still to send.
            models.Index(
                fields=["event"],
                name="rsvp_to_remind",
                condition=models.Q(answer="yes", waiting=False, reminded_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.answer} {self.event_id}"

    @property
    def going(self) -> bool:
        return self.answer == Answer.YES and not self.waiting


class CalendarToken(models.Model):
    """A member's secret for their personal calendar subscription (the feed URL carries it).

    Only a SHA-256 digest is stored: the link is shown once, when it is made; a new link
    replaces the old one, revoking it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Kalender-Abo")
        verbose_name_plural = _("Kalender-Abos")

    def __str__(self) -> str:
        return f"calendar token of {self.user_id}"

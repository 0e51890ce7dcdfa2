"""The thread building block: the comments under an impulse, a feed post, a discussion (later a
box, a motion paragraph, a procedure). Installed in both SHARED_APPS and TENANT_APPS, so each
schema holds its own threads and nothing here points into another schema.

A ``Thread`` is one row per place: its ``kind`` names the place (threads/places.py) and
``target_id`` the primary key of the target row in the same schema. No foreign key to the
targets: the block knows no app that uses it, a new place needs no migration here, and
(kind, target_id) is unique within a schema. The place deletes its thread with its target.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

COMMENT_MAX = 5000


class Thread(models.Model):
    kind = models.CharField(max_length=20)
    target_id = models.PositiveBigIntegerField()
    # Kept by threads/services.py with one row update per change: pages never COUNT.
    comment_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Kommentarbereich")
        verbose_name_plural = _("Kommentarbereiche")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["kind", "target_id"], name="thread_once_per_target"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.target_id}"


class Comment(models.Model):
    """One comment; a reply names its ``parent`` (threads are one level deep).

    Deleting keeps the row with its text gone (replies hang on it and show a "gelöscht"
    placeholder); hiding by moderation keeps the text for the moderators.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("Kommentar"), max_length=COMMENT_MAX)
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    is_hidden = models.BooleanField(default=False)
    reply_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")
        ordering: ClassVar = ["created_at", "id"]
        indexes: ClassVar = [
            # Keyset pages of one thread, oldest first.
            models.Index(fields=["thread", "created_at", "id"], name="comment_thread_page"),
        ]

    def __str__(self) -> str:
        return self.body[:40]

    @property
    def link(self) -> str:
        """The comment's permalink on its host; it redirects to wherever the place shows it."""
        return f"/kommentare/{self.public_id}/"

    @property
    def is_removed(self) -> bool:
        return self.deleted_at is not None or self.is_hidden


class ReactionKind(models.TextChoices):
    """A small fixed set: enough to say "seen and agreed" without a comment (posts and comments
    alike)."""

    LIKE = "like", _("Gefällt mir")
    THANKS = "thanks", _("Danke")
    CELEBRATE = "celebrate", _("Klasse")
    IDEA = "idea", _("Gute Idee")


REACTION_EMOJI = {"like": "👍", "thanks": "🙏", "celebrate": "🎉", "idea": "💡"}


class Reaction(models.Model):
    """A reaction on a comment, where the place wants them (``Place.reactions``)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12)  # a ReactionKind value (checked by the service)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["comment", "user", "kind"], name="comment_reaction_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.comment_id}"


class Mention(models.Model):
    """Who a comment mentions; kept so an edit notifies only the newly mentioned."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["comment", "user"], name="comment_mention_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.comment_id}"


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Offen")
    RESOLVED = "resolved", _("Erledigt")
    DISMISSED = "dismissed", _("Verworfen")


class Report(models.Model):
    """Someone in an organisation reports a comment; the organisation's admins decide.

    This table is used in organisation schemas only, so a report never leaves the organisation.
    On the network the platform's moderators decide (``moderation.Report``, public schema).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="org_reports")
    # SET_NULL: the report stays for the admins when the reporter deletes their account.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField(_("Grund"), max_length=20)
    text = models.TextField(_("Was ist los?"), max_length=1000, blank=True)
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("Begründung"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        ordering: ClassVar = ["created_at", "id"]
        indexes: ClassVar = [
            models.Index(
                fields=["created_at", "id"],
                name="thread_report_open_queue",
                condition=models.Q(status="open"),
            ),
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["reporter", "comment"],
                condition=models.Q(status="open"),
                name="thread_report_open_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.comment_id} · {self.reason}"

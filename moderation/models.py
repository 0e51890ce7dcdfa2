"""Reports from the network's people and the staff's moderation decisions (public schema).

A ``Report`` points at exactly one impulse, comment or person. ``ModerationAction`` is the
append-only audit log of what staff did; it keeps the target's public id, not a copy of its text.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_TEXT = 1000


class TargetKind(models.TextChoices):
    IMPULSE = "impulse", _("Impuls")
    COMMENT = "comment", _("Kommentar")
    USER = "user", _("Person")


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam oder Werbung")
    INSULT = "insult", _("Beleidigung oder Hass")
    MISINFORMATION = "misinformation", _("Falschinformation")
    PERSONAL_DATA = "personal_data", _("Persönliche Daten anderer")
    ILLEGAL = "illegal", _("Rechtswidriger Inhalt")
    OTHER = "other", _("Etwas anderes")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Offen")
    RESOLVED = "resolved", _("Erledigt")
    DISMISSED = "dismissed", _("Verworfen")


class Report(models.Model):
    """Someone tells the staff that an impulse, a comment or a person breaks the rules."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # SET_NULL: the report stays for the staff when the reporter deletes their account.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    target_kind = models.CharField(max_length=10, choices=TargetKind.choices)
    impulse = models.ForeignKey(
        "public_marketplace.Impulse",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
    )
    comment = models.ForeignKey(
        "threads.Comment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
    )
    reported_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports_about",
    )
    reason = models.CharField(_("Grund"), max_length=20, choices=ReportReason.choices)
    text = models.TextField(_("Was ist los?"), max_length=MAX_TEXT, blank=True)
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
    decision_note = models.TextField(_("Begründung"), max_length=MAX_TEXT, blank=True)

    class Meta:
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [
            # The staff queue reads only open reports, oldest first.
            models.Index(
                fields=["created_at", "id"],
                name="report_open_queue",
                condition=models.Q(status="open"),
            ),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        target_kind="impulse",
                        impulse__isnull=False,
                        comment__isnull=True,
                        reported_user__isnull=True,
                    )
                    | models.Q(
                        target_kind="comment",
                        comment__isnull=False,
                        impulse__isnull=True,
                        reported_user__isnull=True,
                    )
                    | models.Q(
                        target_kind="user",
                        reported_user__isnull=False,
                        impulse__isnull=True,
                        comment__isnull=True,
                    )
                ),
                name="report_exactly_one_target",
            ),
            models.CheckConstraint(
                condition=models.Q(reason__in=ReportReason.values),
                name="report_known_reason",
            ),
            # One open report per person and target; after a decision they may report again.
            *(
                models.UniqueConstraint(
                    fields=["reporter", field],
                    condition=models.Q(status="open"),
                    name=f"report_open_once_per_{field}",
                )
                for field in ("impulse", "comment", "reported_user")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_target_kind_display()} · {self.get_reason_display()}"

    @property
    def target(self) -> Any:
        return self.impulse or self.comment or self.reported_user


class ActionKind(models.TextChoices):
    HIDE = "hide", _("Verborgen")
    RESTORE = "restore", _("Wiederhergestellt")
    BLOCK = "block", _("Gesperrt")
    UNBLOCK = "unblock", _("Entsperrt")
    DISMISS = "dismiss", _("Meldung verworfen")
    RESOLVE = "resolve", _("Meldung erledigt")


class AppendOnlyQuerySet(models.QuerySet["ModerationAction"]):
    """The audit log is written once and never edited or deleted through the ORM."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise TypeError("The moderation log is append-only.")

    def delete(self) -> NoReturn:
        raise TypeError("The moderation log is append-only.")


class ModerationAction(models.Model):
    """One decision by platform staff. Append-only: ``save()`` refuses to change a stored row."""

    # SET_NULL (done by the deletion collector, not this model's save()) keeps the entry when a
    # staff account is erased (GDPR Art. 17); the decision itself stays on record.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=10, choices=ActionKind.choices)
    target_kind = models.CharField(max_length=10, choices=TargetKind.choices)
    target_id = models.UUIDField()  # the target's public_id
    report = models.ForeignKey(
        Report, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    reason = models.TextField(_("Begründung"), max_length=MAX_TEXT, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("Moderationsentscheidung")
        verbose_name_plural = _("Moderationsprotokoll")
        ordering: ClassVar = ["-id"]
        indexes: ClassVar = [models.Index(fields=["target_kind", "target_id"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.get_target_kind_display()} {self.target_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("The moderation log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("The moderation log is append-only.")

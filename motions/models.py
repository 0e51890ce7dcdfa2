"""Motions (Anträge): a citizen box drafts a motion to a real council body, people co-sign it,
the box submits it as a PDF, and the body's administration (or the council's OParl data)
follows it through to a decision.

Public schema only: motions, their versions and signatures are network data, read by the
administration's intranet through the public tables (an organisation's schema sees ``public``
on its search path). The text lives in ``MotionVersion`` rows, never edited once written: a
change is a new version, so any two can be compared and a submitted version stays as it was.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any, ClassVar

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

TITLE_MAX = 200
PROPOSAL_MAX = 10_000
REASONING_MAX = 20_000
NOTE_MAX = 300
ANSWER_MAX = 20_000


class State(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    SIGNING = "signing", _("Sammelt Unterschriften")
    SUBMITTED = "submitted", _("Eingereicht")
    RECEIVED = "received", _("Eingang bestätigt")
    SCHEDULED = "scheduled", _("Auf der Tagesordnung")
    DECIDED = "decided", _("Entschieden")


# Before submission the box edits and people sign; afterwards the text is fixed.
OPEN_STATES = (State.DRAFT, State.SIGNING)
# Shown on the network (the signing page, the timeline); drafts stay in the box.
PUBLIC_STATES = (State.SIGNING, State.SUBMITTED, State.RECEIVED, State.SCHEDULED, State.DECIDED)


class Outcome(models.TextChoices):
    ACCEPTED = "accepted", _("Angenommen")
    AMENDED = "amended", _("Geändert angenommen")
    REJECTED = "rejected", _("Abgelehnt")
    REFERRED = "referred", _("Verwiesen")


def pdf_storage() -> FileSystemStorage:
    """A folder no route serves: the PDF goes out only through a view that checks the state."""
    return FileSystemStorage(location=Path(settings.DOCUMENTS_ROOT) / "motions")


def pdf_path(submission: Any, filename: str) -> str:
    return f"{uuid.uuid4().hex}.pdf"


class Motion(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="motions"
    )
    impulse = models.ForeignKey(
        "public_marketplace.Impulse",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="motions",
    )
    body = models.ForeignKey(
        "public_marketplace.CouncilBody", on_delete=models.PROTECT, related_name="motions"
    )
    # The latest version's title and number, kept by the services (lists read no versions).
    title = models.CharField(_("Titel"), max_length=TITLE_MAX)
    version_count = models.PositiveIntegerField(default=0)
    signature_count = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=12, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    signing_opened_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_version = models.PositiveIntegerField(null=True, blank=True)
    # The meeting the box aims at (the body's deadline counts back from it).
    meeting_date = models.DateField(_("Sitzung am"), null=True, blank=True)
    # The receiving side (the body's administration, or the council's OParl data).
    received_at = models.DateTimeField(null=True, blank=True)
    agenda_item = models.CharField(_("Tagesordnungspunkt"), max_length=200, blank=True)
    reference = models.CharField(_("Drucksachennummer"), max_length=60, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    answer_text = models.TextField(_("Antwort"), max_length=ANSWER_MAX, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # The paper the council created for the motion (its OParl data), once matched.
    oparl_paper = models.ForeignKey(
        "oparl.Paper", on_delete=models.SET_NULL, null=True, blank=True, related_name="motions"
    )

    class Meta:
        verbose_name = _("Antrag")
        verbose_name_plural = _("Anträge")
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["workspace", "-created_at", "-id"], name="motion_of_box"),
            # A body's inbox: submitted motions, newest first.
            models.Index(
                fields=["body", "-submitted_at", "-id"],
                name="motion_inbox",
                condition=models.Q(submitted_at__isnull=False),
            ),
            models.Index(fields=["reference"], name="motion_reference"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class MotionVersion(models.Model):
    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(_("Titel"), max_length=TITLE_MAX)
    proposal = models.TextField(_("Beschlussvorschlag"), max_length=PROPOSAL_MAX)
    reasoning = models.TextField(_("Begründung"), max_length=REASONING_MAX)
    note = models.CharField(_("Was hat sich geändert?"), max_length=NOTE_MAX, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Fassung")
        verbose_name_plural = _("Fassungen")
        ordering: ClassVar = ["motion", "-number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["motion", "number"], name="motion_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.number})"


class Signature(models.Model):
    """A co-signer. Name and Ortsteil are shown on the motion and in the PDF; withdrawing
    before submission deletes the row."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="signatures")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("Name"), max_length=120)
    district = models.ForeignKey(
        "public_marketplace.District", on_delete=models.PROTECT, related_name="+"
    )
    # The signer's own statement that they live in the body's area (where the body requires it).
    declared_residence = models.BooleanField(default=False)
    version = models.PositiveIntegerField()  # the version the signer read
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Unterschrift")
        verbose_name_plural = _("Unterschriften")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["motion", "user"], name="one_signature_per_person")
        ]
        indexes: ClassVar = [
            models.Index(fields=["motion", "signed_at", "id"], name="signature_list"),
            models.Index(fields=["user"], name="signature_of_user"),
        ]

    def __str__(self) -> str:
        return self.name


class Paragraph(models.Model):
    """A paragraph of a motion's text, the place a thread hangs on (``motion.paragraph``).
    Its key is the paragraph's normalised text: unchanged across versions, the thread stays."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="paragraphs")
    key = models.CharField(max_length=64)
    field = models.CharField(max_length=10)  # "proposal" or "reasoning"
    excerpt = models.CharField(max_length=160)
    first_version = models.PositiveIntegerField()
    comment_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["motion", "field", "key"], name="motion_paragraph_key")
        ]

    def __str__(self) -> str:
        return self.excerpt


class Event(models.Model):
    """The motion's timeline, shown on its public page once it is public."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Entwurf begonnen")
        VERSION = "version", _("Neue Fassung")
        SIGNING = "signing", _("Unterschriftensammlung begonnen")
        SUBMITTED = "submitted", _("Eingereicht")
        SENT = "sent", _("Zugestellt")
        RECEIVED = "received", _("Eingang bestätigt")
        SCHEDULED = "scheduled", _("Auf die Tagesordnung gesetzt")
        DECIDED = "decided", _("Entschieden")
        PAPER = "paper", _("Im Ratsinformationssystem gefunden")

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    text = models.TextField(blank=True, max_length=ANSWER_MAX)
    # Who did it, shown only as "the box" or the body (no personal data on the timeline).
    by_body = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["created_at", "id"]
        indexes: ClassVar = [models.Index(fields=["motion", "created_at", "id"], name="motion_tl")]

    def __str__(self) -> str:
        return self.get_kind_display()


class Submission(models.Model):
    """The outbox: the exact PDF that was submitted, its hash, and the state of its delivery
    to the body's address (sent by ``motions.tasks.send_submission`` with retries)."""

    class Delivery(models.TextChoices):
        QUEUED = "queued", _("Wartet auf Versand")
        SENT = "sent", _("Versendet")
        FAILED = "failed", _("Versand gescheitert")
        NO_ADDRESS = "no_address", _("Keine Einreichungsadresse bekannt")

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="submissions")
    version = models.PositiveIntegerField()
    pdf = models.FileField(upload_to=pdf_path, storage=pdf_storage)
    sha256 = models.CharField(max_length=64)
    recipient = models.EmailField(blank=True)
    delivery = models.CharField(max_length=12, choices=Delivery.choices, default=Delivery.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Einreichung")
        verbose_name_plural = _("Einreichungen")
        ordering: ClassVar = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.motion_id} v{self.version}"


class BodyClaim(models.Model):
    """An administration organisation that receives a body's motions in its intranet, once
    platform staff verified the claim."""

    organisation = models.ForeignKey(
        "tenants.Organisation", on_delete=models.CASCADE, related_name="body_claims"
    )
    body = models.ForeignKey(
        "public_marketplace.CouncilBody", on_delete=models.CASCADE, related_name="claims"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Zuständigkeit für ein Gremium")
        verbose_name_plural = _("Zuständigkeiten für Gremien")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["organisation", "body"], name="one_claim_per_body"),
            # One verified receiver per body.
            models.UniqueConstraint(
                fields=["body"],
                condition=models.Q(verified_at__isnull=False),
                name="one_verified_receiver",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} → {self.body_id}"

"""Discussions and decisions (as Loomio does): a workspace building block, installed in both
SHARED_APPS and TENANT_APPS. A discussion belongs to a workspace (a group) or, without one, to
the whole scope (an organisation); it is as visible as its workspace.

A discussion can carry proposals, one open at a time. A proposal's votes are kept so the tally
works but, for anonymous proposals, nobody can tell who voted what: such a vote stores no user,
only ``voter_key`` (an HMAC of proposal and person under the server's secret), which lets a
person find and change their own vote and nobody else's. The outcome is written once when the
proposal closes (``Outcome``, one row per proposal, never updated).
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from workspaces.models import Workspace

TITLE_MAX = 200
CONTEXT_MAX = 20_000
COMMENT_MAX = 5000
REASON_MAX = 2000
OPTION_MAX = 200
MIN_OPTIONS = 2
MAX_OPTIONS = 20
SCORE_MIN = 0
SCORE_MAX = 10


class Discussion(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, null=True, blank=True, related_name="discussions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("Titel"), max_length=TITLE_MAX)
    context = models.TextField(_("Worum geht es?"), max_length=CONTEXT_MAX, blank=True)
    context_html = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    comment_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Diskussion")
        verbose_name_plural = _("Diskussionen")
        ordering: ClassVar = ["-id"]
        # Keyset pages of one workspace's discussions (and, with NULL, the organisation's own).
        indexes: ClassVar = [
            models.Index(fields=["workspace", "-id"], name="discussion_workspace_list")
        ]

    def __str__(self) -> str:
        return self.title


class Process(models.TextChoices):
    SIMPLE = "simple", _("Einfache Abstimmung (Ja / Nein / Enthaltung)")
    CONSENT = "consent", _("Konsent (jeder Einwand blockiert)")
    SCORE = "score", _("Punktwertung (0–10 je Option, Durchschnitt)")
    RANKED = "ranked", _("Rangfolge (Borda-Zählung)")


class Choice(models.TextChoices):
    """The fixed answers of simple votes and consent."""

    YES = "yes", _("Ja")
    NO = "no", _("Nein")
    ABSTAIN = "abstain", _("Enthaltung")
    CONSENT = "consent", _("Einverstanden")
    OBJECT = "object", _("Einwand")


CHOICES_OF = {
    Process.SIMPLE: [Choice.YES, Choice.NO, Choice.ABSTAIN],
    Process.CONSENT: [Choice.CONSENT, Choice.OBJECT, Choice.ABSTAIN],
}


class Result(models.TextChoices):
    PASSED = "passed", _("Angenommen")
    REJECTED = "rejected", _("Abgelehnt")
    BLOCKED = "blocked", _("Blockiert (Einwand)")
    TIED = "tied", _("Gleichstand")
    DECIDED = "decided", _("Entschieden")
    NO_QUORUM = "no_quorum", _("Nicht beschlussfähig (Quorum verfehlt)")
    NO_VOTES = "no_votes", _("Keine Stimmen")


class Proposal(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    discussion = models.ForeignKey(Discussion, on_delete=models.CASCADE, related_name="proposals")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("Vorschlag"), max_length=TITLE_MAX)
    details = models.TextField(_("Erläuterung"), max_length=CONTEXT_MAX, blank=True)
    details_html = models.TextField(editable=False, blank=True)
    process = models.CharField(_("Verfahren"), max_length=10, choices=Process.choices)
    closes_at = models.DateTimeField(_("Abstimmung endet"))
    quorum_percent = models.PositiveSmallIntegerField(_("Quorum (%)"), default=0)
    anonymous = models.BooleanField(_("Geheime Abstimmung"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    vote_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Vorschlag")
        verbose_name_plural = _("Vorschläge")
        ordering: ClassVar = ["-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["discussion"],
                condition=models.Q(closed_at__isnull=True),
                name="proposal_one_open_per_discussion",
            ),
            models.CheckConstraint(
                condition=models.Q(quorum_percent__lte=100), name="proposal_quorum_percent"
            ),
        ]
        indexes: ClassVar = [
            # The closing task's walk: open proposals whose time has come.
            models.Index(
                fields=["closes_at"],
                name="proposal_open_closes_at",
                condition=models.Q(closed_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class ProposalOption(models.Model):
    """An option of a score or ranked-choice proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=OPTION_MAX)

    class Meta:
        ordering: ClassVar = ["position"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["proposal", "position"], name="option_position_once"),
        ]

    def __str__(self) -> str:
        return self.label


class Vote(models.Model):
    """One person's current vote on a proposal (changed in place until the proposal closes).

    ``voter`` is set only for open (non-anonymous) ballots. ``choice`` holds the answer of a
    simple vote or consent; ``ballot`` a score per option id ({"12": 7}) or the option ids in
    ranked order ([12, 14, 13]).
    """

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    voter_key = models.CharField(max_length=64, editable=False)
    choice = models.CharField(max_length=10, choices=Choice.choices, blank=True)
    reason = models.TextField(max_length=REASON_MAX, blank=True)
    ballot = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["proposal", "voter_key"], name="vote_once"),
        ]

    def __str__(self) -> str:
        return f"vote on {self.proposal_id}"


class Outcome(models.Model):
    """What a proposal decided, written once when it closed (never updated)."""

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="outcome")
    result = models.CharField(max_length=12, choices=Result.choices)
    # Per choice or option: {"key", "label", "count" | "average" | "points"} (decisions/tally.py).
    tallies = models.JSONField(default=list)
    winners = models.JSONField(default=list)  # labels of the winning option(s), score/ranked
    votes_cast = models.PositiveIntegerField()
    eligible = models.PositiveIntegerField()
    quorum_percent = models.PositiveSmallIntegerField()
    quorum_met = models.BooleanField()
    objections = models.JSONField(default=list)  # consent: the reasons, never the names
    closed_at = models.DateTimeField()
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_early = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("Ergebnis")
        verbose_name_plural = _("Ergebnisse")

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.result}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Recorded once at closing; a changed outcome would be a different decision.
        if not self._state.adding:
            raise ValueError("An outcome is recorded once and never changed.")
        super().save(*args, **kwargs)

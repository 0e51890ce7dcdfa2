"""The kinds of notification a person can switch off one by one (box activity, tasks, offers of
help, stages, ...), each a switch in their settings. ``notify`` asks ``kind_of(verb)``; verbs of
no kind (moderation notices, an invitation addressed to the person) always go out, as long as
in-app notifications are on at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Kind:
    field: str  # the switch on NotificationSettings
    label: StrOrPromise
    verbs: tuple[str, ...]  # exact verbs, or prefixes ending in "."

    def covers(self, verb: str) -> bool:
        return any(verb == v or (v.endswith(".") and verb.startswith(v)) for v in self.verbs)


KINDS: tuple[Kind, ...] = (
    Kind(
        "box_activity",
        _("Neues in meinen Boxen (Beiträge, Fortschritt, Beitrittsanfragen, Übergaben)"),
        (
            "workspace.post",
            "progress.entry",
            "workspace.join_request",
            "workspace.joined",
            "workspace.handed_over",
        ),
    ),
    Kind(
        "box_invitations",
        _("Jemand hat meine Einladung in eine Box oder Gruppe angenommen"),
        ("workspace.invitation_used",),
    ),
    Kind("mentions", _("Jemand erwähnt mich"), ("workspace.mention", "thread.mention")),
    Kind("tasks", _("Aufgaben: mir zugewiesen oder überfällig"), ("task.assigned", "task.overdue")),
    Kind("offers", _("Neue Hilfsangebote zu meinen Impulsen"), ("impulse.offer",)),
    Kind(
        "offer_answers",
        _("Antworten auf meine Hilfsangebote"),
        ("impulse.offer_accepted", "impulse.offer_declined"),
    ),
    Kind(
        "stages",
        _("Neue Phase eines Impulses, den ich unterstütze oder dem ich folge"),
        # A support goal reached or missed is a step on the impulse's way as well.
        ("impulse.stage", "impulse.goal."),
    ),
    Kind("comments", _("Neue Kommentare zu Impulsen"), ("comment.new",)),
    Kind("new_impulses", _("Neue Impulse in Ortsteilen, denen ich folge"), ("impulse.new",)),
    Kind("events", _("Termine: Änderungen, Absagen, Nachrücken, Erinnerungen"), ("event.",)),
    Kind("decisions", _("Abstimmungen und Ergebnisse"), ("decisions.",)),
)

FIELDS: tuple[str, ...] = tuple(kind.field for kind in KINDS)


def kind_of(verb: str) -> Kind | None:
    return next((kind for kind in KINDS if kind.covers(verb)), None)

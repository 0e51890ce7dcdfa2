"""Drafting a motion in its box: start it (from the box's impulse), save versions, comment on
paragraphs.

Editing is optimistic: the form says which version it started from. If nobody saved in the
meantime the new version is simply added. If someone did, the two changes are merged field by
field (title, Beschlussvorschlag, Begründung): a field only one side changed takes that side's
text; a field both changed differently is a conflict, and nothing is saved — the editor sees
which fields and who saved the other version, with the diff."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from motions import paragraphs, rules
from motions.models import (
    NOTE_MAX,
    PROPOSAL_MAX,
    REASONING_MAX,
    TITLE_MAX,
    Event,
    Motion,
    MotionVersion,
    Paragraph,
    State,
)
from motions.services.common import MotionError, clean_text, fresh_motion, record_event
from public_marketplace.models import CouncilBody
from threads import services as threads
from workspaces.models import Workspace
from workspaces.permissions import Actor
from workspaces.selectors import role_subquery

PARAGRAPH_KIND = "motion.paragraph"
FIELD_LABELS = {
    "title": _("Titel"),
    "proposal": _("Beschlussvorschlag"),
    "reasoning": _("Begründung"),
}


@dataclass(frozen=True)
class Text:
    title: str
    proposal: str
    reasoning: str


def _clean(title: Any, proposal: Any, reasoning: Any) -> Text:
    return Text(
        title=clean_text(title, maximum=TITLE_MAX, field="title", what=_("Der Titel")),
        proposal=clean_text(
            proposal, maximum=PROPOSAL_MAX, field="proposal", what=_("Der Beschlussvorschlag")
        ),
        reasoning=clean_text(
            reasoning, maximum=REASONING_MAX, field="reasoning", what=_("Die Begründung")
        ),
    )


def _box_for(actor: Actor, workspace: Workspace) -> Workspace:
    fresh = (
        Workspace.objects.annotate(my_role=role_subquery(actor, "pk"))
        .select_related("impulse")
        .filter(pk=workspace.pk)
        .first()
    )
    if fresh is None or not hasattr(fresh, "impulse"):
        raise MotionError(_("Diese Box gibt es nicht."), code="not_found")
    return fresh


@transaction.atomic
def start_motion(
    *,
    actor: Actor,
    workspace: Workspace,
    body: CouncilBody | None,
    title: str,
    proposal: str,
    reasoning: str,
) -> Motion:
    box = _box_for(actor, workspace)
    if not rules.can_start(actor, box):
        raise MotionError(_("Anträge schreiben die Mitglieder der Box."), code="forbidden")
    impulse = box.impulse
    if body is None or body.city_id != impulse.city_id:
        raise MotionError(_("Bitte wähl das Gremium, an das der Antrag geht."), field="body")
    text = _clean(title, proposal, reasoning)
    motion = Motion.objects.create(
        workspace=box,
        impulse=impulse,
        body=body,
        title=text.title,
        version_count=1,
        created_by_id=actor.user_id,
    )
    version = MotionVersion.objects.create(
        motion=motion, number=1, author_id=actor.user_id, **text.__dict__
    )
    paragraphs.record(motion, version)
    record_event(motion, Event.Kind.CREATED, skip_user_id=actor.user_id)
    return motion


def _merge(base: MotionVersion, theirs: MotionVersion, mine: Text) -> tuple[Text, list[str]]:
    merged: dict[str, str] = {}
    conflicts = []
    for name in ("title", "proposal", "reasoning"):
        b, t, m = getattr(base, name), getattr(theirs, name), getattr(mine, name)
        if m in (b, t):
            merged[name] = t
        elif t == b:
            merged[name] = m
        else:
            merged[name] = m
            conflicts.append(name)
    return Text(**merged), conflicts


@transaction.atomic
def save_version(
    *,
    actor: Actor,
    motion: Motion,
    base_number: int,
    title: str,
    proposal: str,
    reasoning: str,
    note: str = "",
) -> MotionVersion:
    motion = fresh_motion(actor, motion)
    if not rules.can_edit(actor, motion):
        if motion.state not in (State.DRAFT, State.SIGNING):
            raise MotionError(
                _("Ein eingereichter Antrag kann nicht mehr geändert werden."), code="conflict"
            )
        raise MotionError(_("Diesen Antrag bearbeiten die Mitglieder der Box."), code="forbidden")
    mine = _clean(title, proposal, reasoning)
    note = clean_text(note, maximum=NOTE_MAX, field="note", what=_("Die Notiz"), required=False)
    versions = {
        v.number: v
        for v in MotionVersion.objects.filter(
            motion=motion, number__in={base_number, motion.version_count}
        ).select_related("author")
    }
    latest = versions[motion.version_count]
    base = versions.get(base_number)
    if base is None:
        raise MotionError(_("Diese Fassung gibt es nicht."), field="base", code="conflict")
    if base.number != latest.number:
        mine, conflicts = _merge(base, latest, mine)
        if conflicts:
            who = latest.author.name if latest.author else _("jemand")
            raise MotionError(
                _(
                    "Während du geschrieben hast, hat %(who)s Fassung %(number)s gespeichert "
                    "und dabei ebenfalls %(fields)s geändert. Nichts wurde gespeichert: "
                    "Bitte übernimm deine Änderungen in die neue Fassung."
                )
                % {
                    "who": who,
                    "number": latest.number,
                    "fields": ", ".join(str(FIELD_LABELS[c]) for c in conflicts),
                },
                field="base",
                code="conflict",
            )
        if not note:
            note = _("Zusammengeführt mit Fassung %(number)s") % {"number": latest.number}
    if mine == Text(latest.title, latest.proposal, latest.reasoning):
        raise MotionError(_("Der Text ist unverändert: keine neue Fassung."), code="invalid")
    number = motion.version_count + 1
    version = MotionVersion.objects.create(
        motion=motion, number=number, author_id=actor.user_id, note=note, **mine.__dict__
    )
    Motion.objects.filter(pk=motion.pk).update(version_count=number, title=mine.title)
    motion.version_count, motion.title = number, mine.title
    paragraphs.record(motion, version)
    record_event(
        motion,
        Event.Kind.VERSION,
        text=note,
        # Signers hear that the text they signed changed (they may withdraw).
        tell_signers=motion.state == State.SIGNING,
        skip_user_id=actor.user_id,
    )
    return version


def comment_on_paragraph(*, actor: Actor, paragraph: Paragraph, body: str) -> Any:
    motion = fresh_motion(actor, paragraph.motion, lock=False)
    if not (actor.can_write and rules.can_read_draft(actor, motion)):
        raise MotionError(_("Über den Text sprechen die Mitglieder der Box."), code="forbidden")
    return threads.post_comment(
        kind=PARAGRAPH_KIND, target_id=paragraph.pk, author_id=actor.user_id, body=body
    )

"""What every stage shares: the error, the fresh motion under a row lock with the actor's role,
and the timeline entry with its notifications."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from config.domain import DomainError
from motions.models import Event, Motion, Signature
from notifications.services import notify
from workspaces.models import WorkspaceMember
from workspaces.permissions import Actor

NOTIFY_LIMIT = 5000  # signers of one motion (the benchmark's size); members of a box are fewer


class MotionError(DomainError):
    pass


def fresh_motion(actor: Actor | None, motion: Motion, *, lock: bool = True) -> Motion:
    """The motion as it is now, locked for the change, its workspace with the actor's role."""
    qs = Motion.objects.select_related("workspace", "body", "impulse")
    if lock:
        qs = qs.select_for_update(of=("self",))
    fresh = qs.filter(pk=motion.pk).first()
    if fresh is None:
        raise MotionError(_("Diesen Antrag gibt es nicht."), code="not_found")
    if actor is not None:
        role = (
            WorkspaceMember.objects.filter(workspace_id=fresh.workspace_id, user_id=actor.user_id)
            .values_list("role", flat=True)
            .first()
        )
        fresh.workspace.my_role = role  # type: ignore[attr-defined]
    return fresh


def motion_path(motion: Motion) -> str:
    return f"/antraege/{motion.public_id}/"


def box_motion_path(motion: Motion) -> str:
    return f"/boxen/{motion.workspace.slug}/antraege/{motion.public_id}/"


def record_event(
    motion: Motion,
    kind: str,
    *,
    text: str = "",
    by_body: bool = False,
    tell_signers: bool = False,
    tell_box: bool = True,
    skip_user_id: int | None = None,
) -> Event:
    """One entry on the timeline; the box's members and (when asked) the signers hear of it
    once the transaction commits."""
    event = Event.objects.create(motion=motion, kind=kind, text=text, by_body=by_body)
    user_ids: set[int] = set()
    if tell_box:
        user_ids.update(
            WorkspaceMember.objects.filter(workspace_id=motion.workspace_id)
            .order_by("id")
            .values_list("user_id", flat=True)[:NOTIFY_LIMIT]
        )
    if tell_signers:
        user_ids.update(
            Signature.objects.filter(motion=motion)
            .order_by("id")
            .values_list("user_id", flat=True)[:NOTIFY_LIMIT]
        )
    if skip_user_id is not None:
        user_ids.discard(skip_user_id)
    if user_ids:
        title = _("Antrag „%(title)s“: %(what)s") % {
            "title": motion.title,
            "what": event.get_kind_display(),
        }
        url = motion_path(motion) if motion.state != "draft" else box_motion_path(motion)
        ids = sorted(user_ids)
        transaction.on_commit(
            lambda: notify(user_ids=ids, verb="motion." + kind, title=title, url=url)
        )
    return event


def clean_text(value: Any, *, maximum: int, field: str, what: str, required: bool = True) -> str:
    text = (value or "").replace("\r\n", "\n").strip()
    if required and not text:
        raise MotionError(_("%(what)s fehlt.") % {"what": what}, field=field)
    if len(text) > maximum:
        raise MotionError(
            _("%(what)s darf höchstens %(max)s Zeichen lang sein.")
            % {"what": what, "max": f"{maximum:,}".replace(",", ".")},
            field=field,
        )
    return text

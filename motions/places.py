"""The paragraph threads of a motion (place ``motion.paragraph``): the box's members discuss
the draft paragraph by paragraph, with the thread block's replies, edits and deletion."""

from __future__ import annotations

from typing import Any

from motions import rules
from motions.models import Paragraph
from motions.services.common import box_motion_path, fresh_motion
from threads.places import Place, register

KIND = "motion.paragraph"


def _motion_of(actor: Any, comment: Any) -> Any:
    paragraph = (
        Paragraph.objects.select_related("motion").filter(pk=comment.thread.target_id).first()
    )
    if paragraph is None or actor is None:
        return None
    return fresh_motion(actor, paragraph.motion, lock=False)


def _link(comment: Any) -> str:
    paragraph = (
        Paragraph.objects.select_related("motion__workspace")
        .filter(pk=comment.thread.target_id)
        .first()
    )
    if paragraph is None:
        return "/"
    return f"{box_motion_path(paragraph.motion)}#absatz-{paragraph.pk}"


def _can_read(actor: Any, comment: Any) -> bool:
    motion = _motion_of(actor, comment)
    return motion is not None and rules.can_read_draft(actor, motion)


def _can_write(actor: Any, comment: Any) -> bool:
    return bool(actor and actor.can_write and _can_read(actor, comment))


def _can_moderate(actor: Any, comment: Any) -> bool:
    motion = _motion_of(actor, comment)
    return motion is not None and rules.can_manage(actor, motion)


def register_paragraph_threads() -> None:
    register(
        Place(
            kind=KIND,
            target_model="motions.Paragraph",
            link=_link,
            can_read=_can_read,
            can_write=_can_write,
            can_moderate=_can_moderate,
        )
    )

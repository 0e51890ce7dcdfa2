"""Reads for motions: a box's motions, one motion with its reader's role, versions, the signers
(keyset), a body's inbox (keyset) and the impulse page's motion card. Bounded: each list is one
query per page, no COUNT (the counters live on the motion)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from config import keyset
from motions.models import PUBLIC_STATES, Event, Motion, MotionVersion, Signature, Submission
from workspaces.models import Workspace
from workspaces.permissions import Actor
from workspaces.selectors import role_subquery

PAGE_SIZE = 50


@dataclass
class Page:
    items: list[Any]
    next_cursor: str | None


def _with_role(qs: QuerySet[Motion], actor: Actor | None) -> QuerySet[Motion]:
    qs = qs.select_related("workspace", "body", "impulse")
    if actor is not None:
        qs = qs.annotate(my_role=role_subquery(actor, "workspace_id"))
    return qs


def _carry_role(motion: Motion | None) -> Motion | None:
    if motion is not None:
        motion.workspace.my_role = getattr(motion, "my_role", None)  # type: ignore[attr-defined]
    return motion


def motion_by_public_id(actor: Actor | None, public_id: Any) -> Motion | None:
    return _carry_role(_with_role(Motion.objects.filter(public_id=public_id), actor).first())


def motions_of_box(actor: Actor, workspace: Workspace) -> list[Motion]:
    rows = list(_with_role(Motion.objects.filter(workspace=workspace), actor)[:100])
    for motion in rows:
        _carry_role(motion)
    return rows


def version(motion: Motion, number: int) -> MotionVersion | None:
    return (
        MotionVersion.objects.filter(motion=motion, number=number).select_related("author").first()
    )


def versions(motion: Motion) -> list[MotionVersion]:
    """Newest first, without their texts (the list shows number, author, note, time)."""
    return list(
        MotionVersion.objects.filter(motion=motion)
        .select_related("author")
        .defer("proposal", "reasoning")
        .order_by("-number")[:200]
    )


def signatures_page(motion: Motion, *, cursor: str = "", limit: int = PAGE_SIZE) -> Page:
    qs = Signature.objects.filter(motion=motion).select_related("district")
    position = keyset.decode(cursor, datetime, int)
    if position is not None:
        qs = qs.filter(Q(signed_at__gt=position[0]) | Q(signed_at=position[0], id__gt=position[1]))
    items = list(qs.order_by("signed_at", "id")[: limit + 1])
    more = len(items) > limit
    items = items[:limit]
    return Page(items, keyset.encode(items[-1].signed_at, items[-1].pk) if more else None)


def signature_of(motion: Motion, user_id: int | None) -> Signature | None:
    if user_id is None:
        return None
    return Signature.objects.filter(motion=motion, user_id=user_id).first()


def timeline(motion: Motion) -> list[Event]:
    return list(Event.objects.filter(motion=motion).order_by("created_at", "id")[:200])


def outbox(motion: Motion) -> list[Submission]:
    return list(Submission.objects.filter(motion=motion).order_by("-created_at", "-id")[:20])


def inbox_page(body_ids: list[int], *, cursor: str = "", limit: int = PAGE_SIZE) -> Page:
    """Submitted motions to the bodies, newest submission first."""
    qs = Motion.objects.filter(body_id__in=body_ids, submitted_at__isnull=False).select_related(
        "body", "workspace"
    )
    position = keyset.decode(cursor, datetime, int)
    if position is not None:
        qs = qs.filter(
            Q(submitted_at__lt=position[0]) | Q(submitted_at=position[0], id__lt=position[1])
        )
    items = list(qs.order_by("-submitted_at", "-id")[: limit + 1])
    more = len(items) > limit
    items = items[:limit]
    last = items[-1] if more else None
    if last is None or last.submitted_at is None:
        return Page(items, None)
    return Page(items, keyset.encode(last.submitted_at, last.pk))


def public_motions_of_impulse(impulse: Any) -> list[Motion]:
    """The impulse page's card: its public motions with their stage."""
    return list(
        Motion.objects.filter(impulse=impulse, state__in=PUBLIC_STATES)
        .select_related("body")
        .order_by("-created_at")[:5]
    )

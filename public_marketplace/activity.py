"""Reads for "Meine Aktivität": one person's own impulses, supports, comments, offers of help and
boxes on the network, each list bounded (a fixed number of queries, however active they are)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from public_marketplace.models import Impulse, Participation, Support
from public_marketplace.services.comments import KIND as IMPULSE_THREAD
from threads.models import Comment
from workspaces.models import WorkspaceMember

LIMIT = 10  # rows per section; the page says when there are more


@dataclass
class Section:
    rows: list[Any]
    more: bool  # there are more than the rows shown


@dataclass
class MyComment:
    comment: Comment
    impulse: Impulse | None  # where it stands, when it is on an impulse (else in a box)


@dataclass
class Activity:
    impulses: Section
    supports: Section
    comments: Section
    offers: Section
    boxes: Section
    empty: bool = field(init=False)

    def __post_init__(self) -> None:
        self.empty = not any(
            s.rows for s in (self.impulses, self.supports, self.comments, self.offers, self.boxes)
        )


def _section(rows: list[Any], limit: int) -> Section:
    return Section(rows=rows[:limit], more=len(rows) > limit)


def my_activity(user: Any, *, limit: int = LIMIT) -> Activity:
    """Everything the person did themself, newest first; seven queries at most."""
    impulses = list(
        Impulse.objects.filter(author=user)
        .select_related("organisation")
        .order_by("-created_at", "-id")[: limit + 1]
    )
    supports = list(
        Support.objects.filter(user=user, impulse__is_hidden=False)
        .select_related("impulse")
        .order_by("-created_at", "-id")[: limit + 1]
    )
    comments = list(
        Comment.objects.filter(author=user, deleted_at__isnull=True)
        .select_related("thread")
        .order_by("-created_at", "-id")[: limit + 1]
    )
    on_impulses = [c.thread.target_id for c in comments if c.thread.kind == IMPULSE_THREAD]
    titles = (
        {i.pk: i for i in Impulse.objects.filter(pk__in=on_impulses).only("public_id", "title")}
        if on_impulses
        else {}
    )
    offers = list(
        Participation.objects.filter(user=user)
        .select_related("impulse")
        .order_by("-created_at", "-id")[: limit + 1]
    )
    boxes = list(
        WorkspaceMember.objects.filter(user=user)
        .select_related("workspace")
        .order_by("-joined_at", "-id")[: limit + 1]
    )
    return Activity(
        impulses=_section(impulses, limit),
        supports=_section(supports, limit),
        comments=_section(
            [
                MyComment(
                    comment=c,
                    impulse=titles.get(c.thread.target_id)
                    if c.thread.kind == IMPULSE_THREAD
                    else None,
                )
                for c in comments
            ],
            limit,
        ),
        offers=_section(offers, limit),
        boxes=_section(boxes, limit),
    )

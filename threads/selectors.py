"""Reading threads for pages and the API: one target's comments with their replies.

Deleted comments without replies are left out; with replies they stay as a "gelöscht"
placeholder so the answers keep their context. Two queries however many comments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, Prefetch, Q, QuerySet, Value
from django.utils import timezone

from threads.models import Comment
from threads.places import place_of


def _edit_open(kind: str) -> Any:
    window = place_of(kind).edit_window
    if window is None:
        return Value(True, output_field=BooleanField())
    return ExpressionWrapper(Q(created_at__gt=timezone.now() - window), output_field=BooleanField())


def _shown(qs: QuerySet[Comment]) -> QuerySet[Comment]:
    return qs.exclude(deleted_at__isnull=False, reply_count=0)


def comment_thread(
    kind: str,
    target_id: int,
    *,
    limit: int = 200,
    author_is_current: Exists | None = None,
    with_replies: bool = True,
) -> list[Comment]:
    """Top-level comments with their replies (``replies`` prefetched), oldest first. Each
    comment carries ``edit_open``; ``author_is_current`` (an Exists on ``author_id``) marks
    authors who are still in the scope."""
    extra: dict[str, Any] = {"edit_open": _edit_open(kind)}
    if author_is_current is not None:
        extra["author_is_current"] = author_is_current
    replies = Prefetch(
        "replies",
        queryset=_shown(Comment.objects.select_related("author").annotate(**extra)).order_by(
            "created_at", "id"
        ),
    )
    qs = (
        _shown(
            Comment.objects.filter(
                thread__kind=kind, thread__target_id=target_id, parent__isnull=True
            )
        )
        .select_related("author")
        .annotate(**extra)
    )
    if with_replies:  # a place without a reply form saves the second query
        qs = qs.prefetch_related(replies)
    return list(qs.order_by("created_at", "id")[:limit])


def comment_by_public_id(kind: str, public_id: Any) -> Comment | None:
    """A comment of one kind of place (with its thread), or None."""
    return (
        Comment.objects.select_related("thread", "author")
        .filter(thread__kind=kind, public_id=public_id)
        .first()
    )


@dataclass(frozen=True)
class Page:
    items: list[Comment]
    next_cursor: tuple[datetime, int] | None


def comment_page(
    kind: str, target_id: int, *, after: tuple[datetime, int] | None = None, size: int = 50
) -> Page:
    """Every comment of a thread (replies too, each naming its parent), oldest first, one keyset
    page at a time: ``after`` is the (created_at, id) of the last comment seen."""
    qs = Comment.objects.filter(thread__kind=kind, thread__target_id=target_id).select_related(
        "author", "parent"
    )
    if after is not None:
        created, pk = after
        qs = qs.filter(Q(created_at__gt=created) | Q(created_at=created, id__gt=pk))
    items = list(qs.order_by("created_at", "id")[: size + 1])
    more = len(items) > size
    items = items[:size]
    return Page(items, (items[-1].created_at, items[-1].pk) if more and items else None)

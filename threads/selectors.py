"""Reading threads for pages and the API: one target's comments with their replies.

Deleted comments without replies are left out; with replies they stay as a "gelöscht"
placeholder so the answers keep their context. Two queries however many comments.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    Model,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.utils import timezone

from config import keyset
from threads.models import REACTION_EMOJI, Comment, Reaction, ReactionKind
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
    after: tuple[datetime, int] | None = None,
) -> list[Comment]:
    """Top-level comments with their replies (``replies`` prefetched), oldest first, from
    ``after`` (the (created_at, id) of the last one seen) on. Each comment carries
    ``edit_open``; ``author_is_current`` (an Exists on ``author_id``) marks authors who are
    still in the scope."""
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
    if after is not None:
        created, pk = after
        qs = qs.filter(Q(created_at__gt=created) | Q(created_at=created, id__gt=pk))
    return list(qs.order_by("created_at", "id")[:limit])


@dataclass(frozen=True)
class ThreadPage:
    comments: list[Comment]
    next_cursor: str | None  # for ``?kommentare=``; None on the last page


# Top-level comments per page of a thread (with all their replies): a page of a busy thread
# costs what a page of a quiet one costs (docs/benchmarks-intranet.md, the post page).
THREAD_PAGE_SIZE = 30


def thread_page(
    kind: str,
    target_id: int,
    *,
    cursor: str | None = None,
    size: int = THREAD_PAGE_SIZE,
    author_is_current: Exists | None = None,
) -> ThreadPage:
    """One keyset page of a thread for its page: ``size`` top-level comments with their
    replies after the cursor (a broken cursor starts at the beginning)."""
    position = keyset.decode(cursor, datetime, int) if cursor else None
    after = (position[0], position[1]) if position is not None else None
    items = comment_thread(
        kind, target_id, limit=size + 1, author_is_current=author_is_current, after=after
    )
    more = len(items) > size
    items = items[:size]
    last = items[-1] if more and items else None
    return ThreadPage(items, keyset.encode(last.created_at, last.pk) if last else None)


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


@dataclass
class ReactionSummary:
    kind: str
    label: str
    emoji: str
    count: int
    mine: bool


def attach_reaction_summaries(
    items: list[Any], reactions: QuerySet[Any], key: str, user_id: int | None
) -> None:
    """Give each item ``reaction_summary`` (every kind, its count, whether ``user_id`` chose it)
    from ``reactions`` (rows with ``key`` pointing at the items): one query for the whole list.
    Serves comments here and posts in the workspaces."""
    if not items:
        return
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    mine: set[tuple[int, str]] = set()
    for row in (
        reactions.filter(**{f"{key}__in": [item.pk for item in items]})
        .values(key, "kind")
        .annotate(n=Count("id"), mine=Count("id", filter=Q(user_id=user_id)))
        .order_by()
    ):
        counts[row[key]][row["kind"]] = row["n"]
        if row["mine"]:
            mine.add((row[key], row["kind"]))
    labels = [(kind.value, str(kind.label)) for kind in ReactionKind]  # translated once
    for item in items:
        item.reaction_summary = [
            ReactionSummary(
                kind=kind,
                label=label,
                emoji=REACTION_EMOJI[kind],
                count=counts[item.pk].get(kind, 0),
                mine=(item.pk, kind) in mine,
            )
            for kind, label in labels
        ]


def attach_comment_reactions(comments: list[Comment], user_id: int | None) -> None:
    """Reactions of the comments and their (prefetched) replies, in one query."""
    everyone: list[Model] = []
    for comment in comments:
        everyone.append(comment)
        everyone.extend(getattr(comment, "_prefetched_objects_cache", {}).get("replies", []))
    attach_reaction_summaries(everyone, Reaction.objects.all(), "comment_id", user_id)

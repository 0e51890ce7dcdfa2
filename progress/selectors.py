"""Reads for the progress log: a workspace's log for its readers (keyset, newest first) and the
entries an impulse's public page shows. Bounded: one query per page, no COUNT."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from config import keyset
from progress.models import ProgressEntry
from workspaces.models import Visibility, Workspace

PAGE_SIZE = 20
IMPULSE_PAGE_SHOWS = 3  # entries on the impulse page; the rest behind "Alle Fortschritte"


@dataclass
class EntryPage:
    items: list[ProgressEntry]
    next_cursor: str | None


def _page(qs: QuerySet[ProgressEntry], cursor: str, limit: int) -> EntryPage:
    position = keyset.decode(cursor, datetime, int)
    if position is not None:
        created_at, last_id = position
        qs = qs.filter(Q(created_at__lt=created_at) | Q(created_at=created_at, id__lt=last_id))
    items = list(qs.order_by("-created_at", "-id")[: limit + 1])
    next_cursor = None
    if len(items) > limit:
        items = items[:limit]
        next_cursor = keyset.encode(items[-1].created_at, items[-1].pk)
    return EntryPage(items=items, next_cursor=next_cursor)


def log_page(workspace: Workspace, *, cursor: str = "", limit: int = PAGE_SIZE) -> EntryPage:
    """The workspace's whole log; the caller has checked that the reader may read it."""
    qs = ProgressEntry.objects.filter(workspace=workspace).select_related("author")
    return _page(qs, cursor, limit)


def entry_for(workspace: Workspace, public_id: Any) -> ProgressEntry | None:
    return (
        ProgressEntry.objects.filter(workspace=workspace, public_id=public_id)
        .select_related("author", "workspace")
        .first()
    )


def shown_entries(box: Workspace | None) -> QuerySet[ProgressEntry]:
    """The entries the box's owners chose for the impulse page. A secret workspace (a friend
    circle) shows nothing outside itself, whatever its entries say."""
    if box is None or box.visibility == Visibility.SECRET:
        return ProgressEntry.objects.none()
    return ProgressEntry.objects.filter(workspace=box, show_on_impulse=True).select_related(
        "author"
    )


def impulse_progress(box: Workspace | None, *, limit: int = IMPULSE_PAGE_SHOWS) -> EntryPage:
    """The newest chosen entries for the impulse page (one query)."""
    return _page(shown_entries(box), "", limit)


def impulse_progress_page(box: Workspace | None, *, cursor: str = "") -> EntryPage:
    return _page(shown_entries(box), cursor, PAGE_SIZE)


def shown_entry(box: Workspace | None, public_id: Any) -> ProgressEntry | None:
    return shown_entries(box).filter(public_id=public_id).first()

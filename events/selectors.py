"""Reads for event pages, the API and calendar feeds, in whatever schema the request runs in.

Every read takes the ``Actor`` and returns only the events they may read: the scope's own
events, and those of workspaces they may read (workspaces/permissions.can_read_workspace,
expressed as one SQL filter). The actor's role in the event's workspace and their own answer
come along as annotations, so a page needs no further queries for permission checks. Lists
page by keyset on (start, id): no OFFSET, no COUNT, the same few queries on any page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from config import keyset
from events.models import Answer, Event, Rsvp
from workspaces.models import Workspace
from workspaces.permissions import Actor
from workspaces.selectors import readable_area, role_subquery

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
FEED_LIMIT = 500
FEED_PAST = timedelta(days=30)
ATTENDEE_LIMIT = 200
# Events last at most this long (services.MAX_DURATION): the bound that lets "upcoming or still
# running" use the index on the start instead of scanning every past event.
LONGEST_EVENT = timedelta(days=31)


def _my_answer(actor: Actor, column: str) -> Subquery:
    return Subquery(
        Rsvp.objects.filter(event_id=OuterRef("pk"), user_id=actor.user_id).values(column)[:1]
    )


def readable_events(actor: Actor) -> QuerySet[Event]:
    """Events the actor may read, with ``my_role`` (in the event's workspace), ``my_answer``
    and ``my_waiting``. Readable as the workspace rules say (workspaces.selectors.readable_area;
    tests/events/test_selectors.py holds it together with can_read_workspace)."""
    qs = Event.objects.select_related("workspace").annotate(
        my_role=role_subquery(actor, "workspace_id"),
        my_answer=_my_answer(actor, "answer"),
        my_waiting=_my_answer(actor, "waiting"),
    )
    return qs.filter(readable_area(actor))


def with_role(event: Event) -> Event:
    """Hand the actor's role on to the event's workspace, where the workspace rules look."""
    if event.workspace is not None:
        event.workspace.my_role = getattr(event, "my_role", None)  # type: ignore[attr-defined]
    return event


def event_for(actor: Actor, public_id: Any) -> Event | None:
    event = readable_events(actor).filter(public_id=public_id).first()
    return with_role(event) if event is not None else None


@dataclass
class EventPage:
    items: list[Event]
    next_cursor: str | None


def upcoming_events(
    actor: Actor,
    *,
    workspace: Workspace | None = None,
    cursor: str = "",
    limit: int = PAGE_SIZE,
    now: datetime | None = None,
) -> EventPage:
    """Events that have not ended yet, soonest first; all the actor may read, or one
    workspace's. Cancelled ones stay in the list, marked, so nobody misses the news."""
    now = now or timezone.now()
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    qs = readable_events(actor).filter(starts_at__gt=now - LONGEST_EVENT, ends_at__gt=now)
    if workspace is not None:
        qs = qs.filter(workspace=workspace)
    after = keyset.decode(cursor, datetime, int)
    if after is not None:
        starts_at, pk = after
        qs = qs.filter(starts_at__gte=starts_at).exclude(starts_at=starts_at, id__lte=pk)
    items = [with_role(e) for e in qs.order_by("starts_at", "id")[: limit + 1]]
    next_cursor = None
    if len(items) > limit:
        items = items[:limit]
        next_cursor = keyset.encode(items[-1].starts_at, items[-1].pk)
    return EventPage(items=items, next_cursor=next_cursor)


def subscription_events(actor: Actor, *, now: datetime | None = None) -> list[Event]:
    """What a personal calendar feed lists: the last month and everything ahead (cancelled
    ones too, so calendars that had them show the cancellation), at most FEED_LIMIT."""
    now = now or timezone.now()
    return list(
        readable_events(actor)
        .filter(starts_at__gte=now - FEED_PAST)
        .order_by("starts_at", "id")[:FEED_LIMIT]
    )


@dataclass
class Attendees:
    going: list[Rsvp]
    waiting: list[Rsvp]
    maybe: list[Rsvp]


def attendees_of(event: Event, limit: int = ATTENDEE_LIMIT) -> Attendees:
    """Who is going, waiting (in order) and maybe coming: one query, at most ``limit`` rows."""
    rows = list(
        Rsvp.objects.filter(event=event, answer__in=[Answer.YES, Answer.MAYBE])
        .select_related("user")
        .order_by("-answer", "waiting", "yes_at", "id")[:limit]
    )
    return Attendees(
        going=[r for r in rows if r.answer == Answer.YES and not r.waiting],
        waiting=[r for r in rows if r.waiting],
        maybe=[r for r in rows if r.answer == Answer.MAYBE],
    )


def has_calendar_token(actor: Actor) -> bool:
    from events.models import CalendarToken

    return CalendarToken.objects.filter(user_id=actor.user_id).exists()

"""The one iCalendar (.ics) writer, for the network's impulse events
(public_marketplace/calendar.py) and the intranet's events (events/calendar.py).

Each side maps its rows to ``Entry``; everything about the format lives here: UIDs from the
public id and the base domain, the page's address in the description,
SEQUENCE and LAST-MODIFIED from the edit time so subscribed clients replace their copy
(RFC 5545 3.8.7.4), and STATUS, so a cancelled event leaves subscribed calendars instead of
staying as a stale entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from icalendar import Calendar
from icalendar import Event as CalendarEvent

DESCRIPTION_LIMIT = 2000


@dataclass(frozen=True)
class Organiser:
    name: str
    url: str


@dataclass(frozen=True)
class Entry:
    public_id: Any
    title: str
    starts_at: datetime
    ends_at: datetime
    created_at: datetime
    updated_at: datetime
    url: str  # URL: where to go for the event
    description: str = ""
    links: tuple[str, ...] = ()  # after the description: the page's address, the online room
    location: str = ""
    geo: tuple[float, float] | None = None
    organiser: Organiser | None = None
    cancelled: bool = False


def calendar(entries: Iterable[Entry], *, name: str, prodid: str) -> bytes:
    feed = Calendar()
    feed.add("prodid", prodid)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("x-wr-calname", name)
    feed.add("x-wr-timezone", settings.TIME_ZONE)
    for entry in entries:
        feed.add_component(_event(entry))
    return bytes(feed.to_ical())


def _event(entry: Entry) -> CalendarEvent:
    event = CalendarEvent()
    event.add("uid", f"{entry.public_id}@{settings.BASE_DOMAIN}")
    event.add("summary", entry.title)
    event.add("dtstart", entry.starts_at)
    event.add("dtend", entry.ends_at)
    event.add("dtstamp", entry.updated_at)
    event.add("last-modified", entry.updated_at)
    # Each edit bumps the sequence, so clients replace their copy.
    event.add("sequence", max(0, int(entry.updated_at.timestamp() - entry.created_at.timestamp())))
    if entry.location:
        event.add("location", entry.location)
    if entry.geo is not None:
        event.add("geo", entry.geo)
    event.add("url", entry.url)
    parts = [p for p in (entry.description[:DESCRIPTION_LIMIT], *entry.links) if p]
    event.add("description", "\n\n".join(parts))
    if entry.organiser is not None:
        event.add("organizer", entry.organiser.url, parameters={"CN": entry.organiser.name})
    event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    return event


def ics_response(content: bytes, filename: str, *, private: bool = True) -> HttpResponse:
    """``private``: a member's own calendar, never kept by a shared cache."""
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if private:
        response["Cache-Control"] = "private, no-store"
    return response

"""iCalendar (.ics) for events: one event, or a member's personal subscription feed; the
format is config/ical.py's, shared with the network's impulse events."""

from __future__ import annotations

from collections.abc import Iterable

from config import ical
from config.ical import ics_response
from events.models import Event
from events.services import event_path
from tenants.models import absolute_url

__all__ = ["entry", "events_calendar", "ics_response"]

PRODID = "-//WeCreate//Termine//DE"


def entry(event: Event, *, host: str) -> ical.Entry:
    url = absolute_url(host, event_path(event))
    return ical.Entry(
        public_id=event.public_id,
        title=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        created_at=event.created_at,
        updated_at=event.updated_at,
        url=url,
        description=event.description,
        links=tuple(link for link in (event.online_url, url) if link),
        location=event.place or event.online_url,
        cancelled=event.is_cancelled,
    )


def events_calendar(events: Iterable[Event], *, name: str, host: str) -> bytes:
    return ical.calendar((entry(e, host=host) for e in events), name=name, prodid=PRODID)

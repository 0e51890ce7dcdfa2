"""iCalendar (.ics) for events: one event, or a member's personal subscription feed.

Same conventions as the network's export (public_marketplace/calendar.py, which is shaped by
impulses): one PRODID family, UIDs from the public id and the base domain, the page's URL in
the description. Cancelled events stay in feeds with STATUS:CANCELLED, so subscribed calendars
take them out instead of keeping a stale entry.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.http import HttpResponse
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from events.models import Event
from events.services import event_path
from tenants.models import absolute_url

DESCRIPTION_LIMIT = 2000


def events_calendar(events: Iterable[Event], *, name: str, host: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//WeCreate//Termine//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for event in events:
        url = absolute_url(host, event_path(event))
        entry = CalendarEvent()
        entry.add("uid", f"{event.public_id}@{settings.BASE_DOMAIN}")
        entry.add("summary", event.title)
        entry.add("dtstart", event.starts_at)
        entry.add("dtend", event.ends_at)
        entry.add("dtstamp", event.updated_at)
        entry.add("last-modified", event.updated_at)
        # Each edit bumps the sequence, so clients replace their copy (RFC 5545 3.8.7.4).
        entry.add("sequence", int(event.updated_at.timestamp()) - int(event.created_at.timestamp()))
        if event.place:
            entry.add("location", event.place)
        elif event.online_url:
            entry.add("location", event.online_url)
        entry.add("url", url)
        body = event.description[:DESCRIPTION_LIMIT]
        parts = [p for p in (body, event.online_url, url) if p]
        entry.add("description", "\n\n".join(parts))
        entry.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
        calendar.add_component(entry)
    return bytes(calendar.to_ical())


def ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response

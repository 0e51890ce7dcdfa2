"""iCalendar (.ics) export of events, per event and as subscribable feeds."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from icalendar import Calendar, Event

from public_marketplace.models import Impulse
from tenants.models import absolute_url


def events_calendar(events: Iterable[Impulse], *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//WeCreate//Leipziger Netzwerk//DE")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for impulse in events:
        if impulse.starts_at is None:
            continue
        event = Event()
        event.add("uid", f"{impulse.public_id}@{settings.BASE_DOMAIN}")
        event.add("summary", impulse.title)
        event.add("dtstart", impulse.starts_at)
        event.add("dtend", impulse.ends_at or impulse.starts_at + timedelta(hours=2))
        event.add("dtstamp", impulse.updated_at)
        location = ", ".join(p for p in (impulse.place_name, impulse.address) if p)
        if location:
            event.add("location", location)
        if impulse.latitude is not None and impulse.longitude is not None:
            event.add("geo", (float(impulse.latitude), float(impulse.longitude)))
        url = absolute_url(settings.BASE_DOMAIN, f"/impulse/{impulse.public_id}/")
        event.add("url", impulse.online_url or url)
        event.add("description", f"{impulse.body[:2000]}\n\n{url}")
        if impulse.organisation is not None:
            event.add(
                "organizer",
                f"{absolute_url(settings.BASE_DOMAIN, '/')}",
                parameters={"CN": impulse.organisation.name},
            )
        calendar.add_component(event)
    return bytes(calendar.to_ical())

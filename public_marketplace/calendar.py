"""iCalendar (.ics) export of impulse events, per event and as subscribable feeds per city and
district; the format is config/ical.py's, shared with the intranet's events."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings

from config import ical
from public_marketplace.models import Impulse
from tenants.models import absolute_url

PRODID = "-//WeCreate//Leipziger Netzwerk//DE"


def entry(impulse: Impulse) -> ical.Entry:
    assert impulse.starts_at is not None  # noqa: S101 - callers pass only scheduled events
    url = absolute_url(settings.BASE_DOMAIN, f"/impulse/{impulse.public_id}/")
    organiser = None
    if impulse.organisation is not None:
        home = absolute_url(settings.BASE_DOMAIN, "/")
        organiser = ical.Organiser(impulse.organisation.name, home)
    geo = None
    if impulse.latitude is not None and impulse.longitude is not None:
        geo = (float(impulse.latitude), float(impulse.longitude))
    return ical.Entry(
        public_id=impulse.public_id,
        title=impulse.title,
        starts_at=impulse.starts_at,
        ends_at=impulse.ends_at or impulse.starts_at + timedelta(hours=2),
        created_at=impulse.created_at,
        updated_at=impulse.updated_at,
        url=impulse.online_url or url,
        description=impulse.body,
        links=(url,),
        location=", ".join(p for p in (impulse.place_name, impulse.address) if p),
        geo=geo,
        organiser=organiser,
    )


def events_calendar(events: Iterable[Impulse], *, name: str) -> bytes:
    return ical.calendar(
        (entry(impulse) for impulse in events if impulse.starts_at is not None),
        name=name,
        prodid=PRODID,
    )

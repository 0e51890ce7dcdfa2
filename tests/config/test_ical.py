"""One iCalendar writer (config/ical.py) for the network's impulse events and the intranet's
events: both feeds parse back with icalendar and carry the same fields."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django_tenants.utils import tenant_context
from icalendar import Calendar

from tests.cast import Cast
from tests.events.factories import make_event
from tests.public_marketplace.factories import make_impulse
from tests.workspaces.factories import actor

FIELDS = {
    "UID", "SUMMARY", "DTSTART", "DTEND", "DTSTAMP", "LAST-MODIFIED", "SEQUENCE", "URL",
    "DESCRIPTION", "STATUS", "LOCATION",
}  # fmt: skip


def _events(content: bytes) -> tuple[Calendar, list[Any]]:
    calendar = Calendar.from_ical(content)
    return calendar, list(calendar.walk("VEVENT"))


def test_network_and_intranet_feeds_carry_the_same_fields(cast: Cast, client_for: Any) -> None:
    impulse_start = timezone.now() + timedelta(days=4)
    impulse = make_impulse(
        cast.alice,
        organisation=cast.alpha,
        title="Stadtteilfest",
        starts_at=impulse_start,
        place_name="Lindenauer Markt",
    )
    with tenant_context(cast.alpha):
        event = make_event(actor(cast.bob), title="Sommerfest", place="Parkbühne")

    network = client_for().get(f"/impulse/{impulse.public_id}/termin.ics")
    district = client_for().get("/staedte/leipzig/bezirke/alt-west/termine.ics")
    intranet = client_for(cast.alpha, cast.dave).get(f"/termine/{event.public_id}/termin.ics")
    feeds = [_events(r.content) for r in (network, district, intranet)]
    for response in (network, district, intranet):
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
    for calendar, entries in feeds:
        assert {"PRODID", "VERSION", "CALSCALE", "X-WR-CALNAME"} <= set(calendar.keys())
        assert entries
        for entry in entries:
            assert set(entry.keys()) >= FIELDS, FIELDS - set(entry.keys())
            assert str(entry["UID"]).endswith("@localhost")
            assert str(entry["STATUS"]) == "CONFIRMED"
            assert str(entry["DESCRIPTION"]).endswith(str(entry["URL"]))
    [network_entry] = feeds[0][1]
    assert network_entry.decoded("DTSTART") == impulse_start.replace(microsecond=0)
    assert str(network_entry["URL"]).endswith(f"/impulse/{impulse.public_id}/")
    assert str(network_entry["ORGANIZER"].params["CN"]) == "Alpha Partei"
    [intranet_entry] = feeds[2][1]
    assert intranet_entry.decoded("DTSTART") == event.starts_at.replace(microsecond=0)
    assert str(intranet_entry["LOCATION"]) == "Parkbühne"
    # Public feeds may be cached by anyone; a member's never.
    assert "Cache-Control" not in network or "no-store" not in network["Cache-Control"]
    assert "no-store" in intranet["Cache-Control"]

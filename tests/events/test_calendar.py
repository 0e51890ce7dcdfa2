"""iCalendar: one event's .ics and the personal subscription feed, whose token is the
credential: wrong, revoked and former members' tokens get 404; the feed lists exactly what
its owner may see."""

from __future__ import annotations

from typing import Any

from django_tenants.utils import tenant_context
from icalendar import Calendar

from events import services
from intranet.services import set_active
from tests.cast import Cast
from tests.events.factories import make_event
from tests.workspaces.factories import actor
from workspaces import services as workspace_services
from workspaces.models import Visibility


def summaries(content: bytes) -> list[str]:
    return sorted(str(c["SUMMARY"]) for c in Calendar.from_ical(content).walk("VEVENT"))


def test_one_event_as_ics(cast: Cast, client_for: Any) -> None:
    with tenant_context(cast.alpha):
        event = make_event(
            actor(cast.bob),
            title="Sommerfest; mit Grill",
            place="Parkbühne, Leipzig",
            online_url="https://meet.example.org/fest",
            description="Bring **Salat** mit",
        )
    response = client_for(cast.alpha, cast.dave).get(f"/termine/{event.public_id}/termin.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    calendar = Calendar.from_ical(response.content)
    [entry] = calendar.walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Sommerfest; mit Grill"
    assert str(entry["LOCATION"]) == "Parkbühne, Leipzig"
    assert str(entry["UID"]).startswith(str(event.public_id))
    assert entry.decoded("DTSTART") == event.starts_at
    assert entry.decoded("DTEND") == event.ends_at
    assert str(entry["STATUS"]) == "CONFIRMED"
    assert str(entry["URL"]).endswith(f"://alpha.localhost/termine/{event.public_id}/")
    assert "https://meet.example.org/fest" in str(entry["DESCRIPTION"])


def test_the_subscription_link_is_shown_once_and_lists_what_its_owner_sees(
    cast: Cast, client_for: Any
) -> None:
    with tenant_context(cast.alpha):
        bob = actor(cast.bob)
        secret = workspace_services.create_workspace(
            actor=bob, name="Geheim", visibility=Visibility.SECRET
        )
        make_event(bob, workspace=secret, title="Geheimtreffen")
        make_event(actor(cast.alice), title="Für alle")
        called_off = make_event(bob, title="Fällt aus")
        services.cancel_event(actor=bob, event=called_off)

    def link(user: Any) -> str:
        client = client_for(cast.alpha, user)
        html = client.post("/termine/abo/", {"action": "renew"}).content.decode()
        url = html.split('id="abo-link" type="text" readonly value="')[1].split('"')[0]
        assert f'href="webcal://{url.split("://")[1]}"' in html
        origin, _sep, token = url.partition("/termine/abo/")
        assert origin.endswith("://alpha.localhost") and token.endswith(".ics")
        assert token not in client.get("/termine/abo/").content.decode()  # only shown once
        return f"/termine/abo/{token}"

    anonymous = client_for(cast.alpha)
    bob_feed = anonymous.get(link(cast.bob))
    assert bob_feed.status_code == 200
    assert summaries(bob_feed.content) == ["Fällt aus", "Für alle", "Geheimtreffen"]
    cancelled = [
        c
        for c in Calendar.from_ical(bob_feed.content).walk("VEVENT")
        if c["SUMMARY"] == "Fällt aus"
    ]
    assert str(cancelled[0]["STATUS"]) == "CANCELLED"
    dave_feed = anonymous.get(link(cast.dave))
    assert summaries(dave_feed.content) == ["Fällt aus", "Für alle"]
    # A guest may subscribe too: reading changes nothing.
    assert anonymous.get(link(cast.gina)).status_code == 200


def test_wrong_revoked_replaced_and_former_members_tokens_get_404(
    cast: Cast, client_for: Any
) -> None:
    anonymous = client_for(cast.alpha)
    assert anonymous.get("/termine/abo/nichtsdergleichen.ics").status_code == 404
    with tenant_context(cast.alpha):
        first = services.renew_calendar_token(actor=actor(cast.bob))
    assert anonymous.get(f"/termine/abo/{first}.ics").status_code == 200
    # The token belongs to alpha: on beta's host it is nothing.
    assert client_for(cast.beta).get(f"/termine/abo/{first}.ics").status_code == 404
    bob = client_for(cast.alpha, cast.bob)
    bob.post("/termine/abo/", {"action": "renew"})
    assert anonymous.get(f"/termine/abo/{first}.ics").status_code == 404
    with tenant_context(cast.alpha):
        second = services.renew_calendar_token(actor=actor(cast.bob))
    response = bob.post("/termine/abo/", {"action": "revoke"})
    assert response.status_code == 302
    assert anonymous.get(f"/termine/abo/{second}.ics").status_code == 404
    assert "noch keinen Abo-Link" in bob.get("/termine/abo/").content.decode()

    with tenant_context(cast.alpha):
        third = services.renew_calendar_token(actor=actor(cast.dave))
    assert anonymous.get(f"/termine/abo/{third}.ics").status_code == 200
    set_active(organisation=cast.alpha, user=cast.dave, active=False, acting_user=cast.alice)
    assert anonymous.get(f"/termine/abo/{third}.ics").status_code == 404

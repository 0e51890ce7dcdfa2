"""Event pages on alpha's host: the calendar, creating with clear errors, answering (also with
htmx), cancelling, and isolation from guests, outsiders and other organisations."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django_tenants.utils import tenant_context

from events import services
from events.models import Answer, Event, Rsvp
from tests.cast import Cast
from tests.events.factories import make_event
from tests.workspaces.factories import actor
from workspaces import services as workspace_services
from workspaces.models import Visibility


def in_alpha(cast: Cast, fn: Any) -> Any:
    with tenant_context(cast.alpha):
        return fn()


def event_by(cast: Cast, who: Any, **kwargs: Any) -> Event:
    return in_alpha(cast, lambda: make_event(actor(who), **kwargs))


def form_data(**changes: Any) -> dict[str, Any]:
    start = timezone.localtime() + timedelta(days=5)
    return {
        "title": "Stammtisch",
        "starts_at": start.strftime("%Y-%m-%dT19:00"),
        "ends_at": start.strftime("%Y-%m-%dT21:30"),
        "place": "Zum Löwen",
        "online_url": "",
        "capacity": "",
        "description": "Wir reden über **alles**.",
        **changes,
    }


def test_a_member_creates_an_event_through_the_page(cast: Cast, client_for: Any) -> None:
    client = client_for(cast.alpha, cast.bob)
    assert "Termin anlegen" in client.get("/termine/").content.decode()
    response = client.post("/termine/neu/", form_data(capacity="12"))
    assert response.status_code == 302
    event = in_alpha(cast, lambda: Event.objects.get())
    assert response["Location"] == f"/termine/{event.public_id}/"
    assert (event.title, event.capacity, event.place) == ("Stammtisch", 12, "Zum Löwen")
    assert timezone.localtime(event.starts_at).strftime("%H:%M") == "19:00"
    html = client.get(response["Location"]).content.decode()
    assert "<strong>alles</strong>" in html and "0 von 12 vergeben" in html
    assert "Ich komme" in html and "Vielleicht" in html and "Termin absagen" in html


def test_bad_input_on_the_page_gets_a_clear_message_and_creates_nothing(
    cast: Cast, client_for: Any
) -> None:
    client = client_for(cast.alpha, cast.bob)
    cases = [
        ({"title": "  "}, "Der Titel braucht 1 bis 200 Zeichen."),
        ({"ends_at": form_data()["starts_at"]}, "Das Ende muss nach dem Beginn liegen."),
        ({"online_url": "javascript:alert(1)"}, "mit https:// beginnt"),
        ({"starts_at": "morgen"}, "Datum"),
        ({"capacity": "0"}, "1"),
    ]
    for changes, message in cases:
        response = client.post("/termine/neu/", form_data(**changes))
        assert response.status_code == 400, changes
        assert message in response.content.decode(), changes
    assert in_alpha(cast, lambda: Event.objects.count()) == 0


def test_group_events_are_created_in_the_group_and_listed_there(
    cast: Cast, client_for: Any
) -> None:
    group = in_alpha(
        cast, lambda: workspace_services.create_workspace(actor=actor(cast.bob), name="AG Rad")
    )
    client = client_for(cast.alpha, cast.bob)
    response = client.post("/termine/neu/?gruppe=ag-rad", form_data(title="Radtour"))
    assert response.status_code == 302
    assert in_alpha(cast, lambda: Event.objects.get().workspace_id) == group.pk
    assert "Radtour" in client.get("/termine/gruppe/ag-rad/").content.decode()
    # dave belongs to the organisation but not to the group: he reads, but announces nothing.
    dave = client_for(cast.alpha, cast.dave)
    assert "Radtour" in dave.get("/termine/").content.decode()
    assert dave.post("/termine/neu/?gruppe=ag-rad", form_data()).status_code == 403
    assert in_alpha(cast, lambda: Event.objects.count()) == 1


def test_answering_with_and_without_htmx(cast: Cast, client_for: Any) -> None:
    event = event_by(cast, cast.alice, capacity=1)
    bob = client_for(cast.alpha, cast.bob)
    response = bob.post(f"/termine/{event.public_id}/antwort/", {"answer": "yes"})
    assert response.status_code == 302
    dave = client_for(cast.alpha, cast.dave)
    response = dave.post(
        f"/termine/{event.public_id}/antwort/", {"answer": "yes"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="antwort"' in html and "<html" not in html
    # The places and the waiting list come along, as they are now.
    assert "1 Person wartet" in html and '<ol class="kern-body"><li>Dave</li></ol>' in html
    page = bob.get(f"/termine/{event.public_id}/").content.decode()
    assert "1 von 1 vergeben" in page and "1 Person wartet" in page and "Du hast zugesagt." in page
    response = dave.post(f"/termine/{event.public_id}/antwort/", {"answer": "vielleicht"})
    assert response.status_code == 400 and "Ja, Vielleicht oder Nein" in response.content.decode()


def test_a_guest_reads_the_event_but_gets_no_buttons_and_cannot_answer(
    cast: Cast, client_for: Any
) -> None:
    event = event_by(cast, cast.bob)
    gina = client_for(cast.alpha, cast.gina)
    html = gina.get(f"/termine/{event.public_id}/").content.decode()
    assert event.title in html and 'name="answer"' not in html and "Bearbeiten" not in html
    assert gina.get("/termine/neu/").status_code == 403
    response = gina.post(f"/termine/{event.public_id}/antwort/", {"answer": "yes"})
    assert response.status_code == 403 and "Gast" in response.content.decode()
    assert gina.post(f"/termine/{event.public_id}/absagen/").status_code == 403
    assert gina.post("/termine/neu/", form_data()).status_code == 403
    assert in_alpha(cast, lambda: (Rsvp.objects.count(), Event.objects.count())) == (0, 1)


def test_cancelling_through_the_page(cast: Cast, client_for: Any) -> None:
    event = event_by(cast, cast.bob)
    dave = client_for(cast.alpha, cast.dave)
    assert dave.post(f"/termine/{event.public_id}/absagen/").status_code == 403
    bob = client_for(cast.alpha, cast.bob)
    response = bob.post(f"/termine/{event.public_id}/absagen/")
    assert response.status_code == 302
    html = bob.get(f"/termine/{event.public_id}/").content.decode()
    assert "Dieser Termin ist abgesagt." in html and 'name="answer"' not in html
    assert "abgesagt" in bob.get("/termine/").content.decode()


def test_editing_through_the_page(cast: Cast, client_for: Any) -> None:
    event = event_by(cast, cast.bob, title="Alt")
    bob = client_for(cast.alpha, cast.bob)
    assert 'value="Alt"' in bob.get(f"/termine/{event.public_id}/bearbeiten/").content.decode()
    response = bob.post(f"/termine/{event.public_id}/bearbeiten/", form_data(title="Neu"))
    assert response.status_code == 302
    response = bob.post(f"/termine/{event.public_id}/bearbeiten/", form_data(title=""))
    assert response.status_code == 400
    assert in_alpha(cast, lambda: Event.objects.get().title) == "Neu"
    dave = client_for(cast.alpha, cast.dave)
    assert dave.get(f"/termine/{event.public_id}/bearbeiten/").status_code == 403


def test_secret_group_events_are_invisible_to_non_members(cast: Cast, client_for: Any) -> None:
    def setup() -> Event:
        secret = workspace_services.create_workspace(
            actor=actor(cast.bob), name="Geheim", visibility=Visibility.SECRET
        )
        return make_event(actor(cast.bob), workspace=secret, title="Geheimtreffen")

    event = in_alpha(cast, setup)
    dave = client_for(cast.alpha, cast.dave)
    assert "Geheimtreffen" not in dave.get("/termine/").content.decode()
    for path in ("/", "/termine.ics", "/antwort/", "/bearbeiten/"):
        url = (
            f"/termine/{event.public_id}{path}"
            if path != "/termine.ics"
            else (f"/termine/{event.public_id}/termin.ics")
        )
        response = dave.post(url, {"answer": "yes"}) if "antwort" in path else dave.get(url)
        assert response.status_code == 404, path
    assert dave.get("/termine/gruppe/geheim/").status_code == 404
    assert client_for(cast.alpha, cast.bob).get(f"/termine/{event.public_id}/").status_code == 200
    assert client_for(cast.alpha, cast.alice).get(f"/termine/{event.public_id}/").status_code == 200


def test_another_organisations_members_get_404_for_alphas_events(
    cast: Cast, client_for: Any
) -> None:
    event = event_by(cast, cast.bob)
    carol = client_for(cast.beta, cast.carol)
    dave_on_beta = client_for(cast.beta, cast.dave)
    for client in (carol, dave_on_beta):
        for path in ("/", "/termin.ics", "/bearbeiten/"):
            assert client.get(f"/termine/{event.public_id}{path}").status_code == 404, path
        response = client.post(f"/termine/{event.public_id}/antwort/", {"answer": "yes"})
        assert response.status_code == 404
        assert client.post(f"/termine/{event.public_id}/absagen/").status_code == 404
        assert event.title not in client.get("/termine/").content.decode()
    # carol on alpha's host is nobody there.
    carol_on_alpha = client_for(cast.alpha, cast.carol)
    assert carol_on_alpha.get(f"/termine/{event.public_id}/").status_code == 404
    anonymous = client_for(cast.alpha)
    assert anonymous.get(f"/termine/{event.public_id}/").status_code == 302
    assert (
        anonymous.post(f"/termine/{event.public_id}/antwort/", {"answer": "yes"}).status_code == 302
    )
    assert in_alpha(cast, lambda: Rsvp.objects.count()) == 0
    assert in_alpha(cast, lambda: Event.objects.get().cancelled_at) is None


def test_the_calendar_pages_on_with_htmx(cast: Cast, client_for: Any) -> None:
    def setup() -> None:
        for i in range(25):
            make_event(
                actor(cast.alice), title=f"Termin {i:02}", starts_in=timedelta(days=1, hours=i)
            )

    in_alpha(cast, setup)
    client = client_for(cast.alpha, cast.bob)
    html = client.get("/termine/").content.decode()
    assert "Termin 00" in html and "Termin 19" in html and "Termin 20" not in html
    cursor = html.split('hx-get="?nach=')[1].split('"')[0]
    more = client.get(f"/termine/?nach={cursor}", HTTP_HX_REQUEST="true").content.decode()
    assert "Termin 20" in more and "Termin 24" in more and "Termin 19" not in more
    assert "<html" not in more and "Weitere Termine" not in more


def test_the_answer_is_one_row_even_when_sent_twice(cast: Cast, client_for: Any) -> None:
    event = event_by(cast, cast.alice)
    bob = client_for(cast.alpha, cast.bob)
    for value in ("yes", "yes", "maybe"):
        bob.post(f"/termine/{event.public_id}/antwort/", {"answer": value})
    rows = in_alpha(cast, lambda: list(Rsvp.objects.values_list("answer", flat=True)))
    assert rows == [Answer.MAYBE]
    assert in_alpha(cast, lambda: services.send_due_reminders()) == 0

"""The events API on alpha's host: same rules as the pages, JSON errors, isolation, and its
place in the OpenAPI schema."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django_tenants.utils import tenant_context

from events.models import Event, Rsvp
from tests.cast import Cast
from tests.events.factories import make_event
from tests.workspaces.factories import actor
from workspaces import services as workspace_services
from workspaces.models import Visibility


def payload(**changes: Any) -> dict[str, Any]:
    start = timezone.now().replace(microsecond=0) + timedelta(days=4)
    return {
        "title": "Klausur",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=3)).isoformat(),
        "place": "Geschäftsstelle",
        "capacity": 2,
        **changes,
    }


def count_in_alpha(cast: Cast, model: Any) -> int:
    with tenant_context(cast.alpha):
        return int(model.objects.count())


def test_events_are_created_listed_and_answered(cast: Cast, client_for: Any) -> None:
    bob = client_for(cast.alpha, cast.bob)
    created = bob.post("/api/v1/events/", payload(), content_type="application/json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["title"], body["capacity"], body["places_left"], body["group"]) == (
        "Klausur",
        2,
        2,
        None,
    )
    event_id = body["id"]
    dave = client_for(cast.alpha, cast.dave)
    listed = dave.get("/api/v1/events/").json()
    assert [e["id"] for e in listed["results"]] == [event_id] and listed["next"] is None
    for who in (bob, dave):
        answered = who.post(f"/api/v1/events/{event_id}/rsvp/", {"answer": "yes"})
        assert answered.status_code == 200 and answered.json()["waiting"] is False
    alice = client_for(cast.alpha, cast.alice)
    waits = alice.post(f"/api/v1/events/{event_id}/rsvp/", {"answer": "yes"})
    assert waits.json()["waiting"] is True
    detail = alice.get(f"/api/v1/events/{event_id}/").json()
    assert (detail["going_count"], detail["waiting_count"], detail["my_answer"]) == (
        2,
        1,
        "waiting",
    )
    assert bob.post(f"/api/v1/events/{event_id}/rsvp/", {"answer": "no"}).status_code == 200
    assert alice.get(f"/api/v1/events/{event_id}/").json()["my_answer"] == "yes"


def test_bad_input_is_a_json_400_with_the_field_and_nothing_is_created(
    cast: Cast, client_for: Any
) -> None:
    bob = client_for(cast.alpha, cast.bob)
    start = payload()["starts_at"]
    for changes, field in (
        ({"title": ""}, "title"),
        ({"ends_at": start}, "ends_at"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"starts_at": "bald"}, "starts_at"),
        ({"capacity": -3}, "capacity"),
        ({"group": "gibt-es-nicht"}, "group"),
    ):
        response = bob.post("/api/v1/events/", payload(**changes), content_type="application/json")
        assert response.status_code == 400, changes
        assert field in response.json(), (changes, response.json())
    response = bob.post(
        f"/api/v1/events/{make_in_alpha(cast).public_id}/rsvp/", {"answer": "perhaps"}
    )
    assert response.status_code == 400 and "answer" in response.json()
    assert count_in_alpha(cast, Event) == 1 and count_in_alpha(cast, Rsvp) == 0


def make_in_alpha(cast: Cast, **kwargs: Any) -> Event:
    with tenant_context(cast.alpha):
        return make_event(actor(cast.alice), **kwargs)


def test_guests_read_but_neither_create_nor_answer(cast: Cast, client_for: Any) -> None:
    event = make_in_alpha(cast)
    gina = client_for(cast.alpha, cast.gina)
    assert gina.get(f"/api/v1/events/{event.public_id}/").status_code == 200
    response = gina.post("/api/v1/events/", payload(), content_type="application/json")
    assert response.status_code == 403 and "Gast" in response.json()["detail"]
    response = gina.post(f"/api/v1/events/{event.public_id}/rsvp/", {"answer": "yes"})
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert gina.post(f"/api/v1/events/{event.public_id}/cancel/").status_code == 403
    assert count_in_alpha(cast, Event) == 1 and count_in_alpha(cast, Rsvp) == 0


def test_other_organisations_and_anonymous_visitors_get_nothing(
    cast: Cast, client_for: Any
) -> None:
    event = make_in_alpha(cast)
    url = f"/api/v1/events/{event.public_id}/"
    for client in (client_for(cast.beta, cast.carol), client_for(cast.beta, cast.dave)):
        assert client.get(url).status_code == 404
        assert client.post(f"{url}rsvp/", {"answer": "yes"}).status_code == 404
        assert client.get("/api/v1/events/").json()["results"] == []
    for client in (client_for(cast.alpha, cast.carol), client_for(cast.alpha)):
        assert client.get(url).status_code == 403
        assert client.post(f"{url}rsvp/", {"answer": "yes"}).status_code == 403
        assert (
            client.post("/api/v1/events/", payload(), content_type="application/json").status_code
            == 403
        )
    assert count_in_alpha(cast, Rsvp) == 0 and count_in_alpha(cast, Event) == 1


def test_group_events_follow_the_groups_visibility(cast: Cast, client_for: Any) -> None:
    with tenant_context(cast.alpha):
        bob = actor(cast.bob)
        secret = workspace_services.create_workspace(
            actor=bob, name="Geheim", visibility=Visibility.SECRET
        )
        closed = workspace_services.create_workspace(
            actor=bob, name="Vorstand", visibility=Visibility.CLOSED
        )
        hidden = make_event(bob, workspace=secret)
        make_event(bob, workspace=closed)
    dave = client_for(cast.alpha, cast.dave)
    assert dave.get(f"/api/v1/events/{hidden.public_id}/").status_code == 404
    assert dave.get("/api/v1/events/?group=geheim").status_code == 400
    assert dave.get("/api/v1/events/?group=vorstand").status_code == 403
    bob_client = client_for(cast.alpha, cast.bob)
    assert len(bob_client.get("/api/v1/events/?group=vorstand").json()["results"]) == 1
    created = bob_client.post(
        "/api/v1/events/", payload(group="geheim"), content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["group"] == "geheim"
    assert (
        dave.post(
            "/api/v1/events/", payload(group="vorstand"), content_type="application/json"
        ).status_code
        == 403
    )


def test_cancel_through_the_api(cast: Cast, client_for: Any) -> None:
    event = make_in_alpha(cast)
    assert (
        client_for(cast.alpha, cast.bob)
        .post(f"/api/v1/events/{event.public_id}/cancel/")
        .status_code
        == 403
    )
    alice = client_for(cast.alpha, cast.alice)
    assert alice.post(f"/api/v1/events/{event.public_id}/cancel/").status_code == 204
    assert alice.get(f"/api/v1/events/{event.public_id}/").json()["cancelled"] is True
    response = alice.post(f"/api/v1/events/{event.public_id}/rsvp/", {"answer": "yes"})
    assert response.status_code == 409


def test_the_api_pages_by_cursor(cast: Cast, client_for: Any) -> None:
    with tenant_context(cast.alpha):
        for i in range(5):
            make_event(actor(cast.alice), title=f"T{i}", starts_in=timedelta(days=1, hours=i))
    client = client_for(cast.alpha, cast.bob)
    first = client.get("/api/v1/events/?page_size=3").json()
    second = client.get(f"/api/v1/events/?page_size=3&cursor={first['next']}").json()
    titles = [e["title"] for e in first["results"] + second["results"]]
    assert titles == ["T0", "T1", "T2", "T3", "T4"] and second["next"] is None


def test_events_are_in_the_openapi_schema(cast: Cast, client_for: Any) -> None:
    schema = client_for(cast.alpha).get("/api/schema/").content.decode()
    for path in (
        "/api/v1/events/",
        "/api/v1/events/{public_id}/",
        "/api/v1/events/{public_id}/rsvp/",
    ):
        assert path in schema, path


def test_token_access_follows_the_plan_like_the_rest_of_the_intranet_api(
    cast: Cast, client_for: Any
) -> None:
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=cast.bob)
    locked = client_for(cast.alpha).get("/api/v1/events/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert locked.status_code == 403 and "Tarif" in locked.json()["detail"]
    assert client_for(cast.alpha, cast.bob).get("/api/v1/events/").status_code == 200

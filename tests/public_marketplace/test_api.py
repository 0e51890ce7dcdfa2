from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from public_marketplace.models import Impulse, Support
from tests.cast import PASSWORD, Cast
from tests.public_marketplace.factories import make_impulse

NEW = {
    "kind": "idea",
    "title": "Sitzbänke am Lindenauer Markt",
    "body": "Mehr Bänke, *bitte*.",
    "city": "leipzig",
    "districts": ["lindenau"],
    "topics": ["gruen"],
}


def test_a_token_client_posts_supports_and_reads_an_impulse(cast: Cast) -> None:
    client = Client(HTTP_HOST="localhost")
    token = client.post(
        "/api/v1/auth/token/", {"email": cast.erin.email, "password": PASSWORD}
    ).json()["token"]
    api = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Token {token}")
    created = api.post("/api/v1/impulses/", NEW, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["districts"][0]["slug"] == "lindenau" and body["author_name"] == "Erin"
    assert "email" not in created.content.decode()

    bob = Client(HTTP_HOST="localhost")
    bob.force_login(cast.bob, backend="allauth.account.auth_backends.AuthenticationBackend")
    supported = bob.post(
        f"/api/v1/impulses/{body['id']}/support/",
        {"show_name": True},
        content_type="application/json",
        HTTP_X_CSRFTOKEN="x",
    )
    # Session-authenticated writes need a CSRF token; the test client skips the check.
    assert supported.status_code == 201 and supported.json()["support_count"] == 1
    twice = bob.post(f"/api/v1/impulses/{body['id']}/support/", {}, content_type="application/json")
    assert twice.status_code == 409 and "detail" in twice.json()
    assert bob.delete(f"/api/v1/impulses/{body['id']}/support/").json()["support_count"] == 0
    assert Support.objects.count() == 0


def test_bad_input_gets_a_json_error_and_nothing_is_stored(cast: Cast, client_for) -> None:
    client = client_for(None, cast.erin)
    cases = [
        ({**NEW, "title": ""}, "title"),
        ({**NEW, "districts": ["atlantis"]}, "districts"),
        ({**NEW, "kind": "event"}, "starts_at"),
        (
            {
                **NEW,
                "kind": "event",
                "starts_at": (timezone.now() + timedelta(days=2)).isoformat(),
                "ends_at": timezone.now().isoformat(),
            },
            "ends_at",
        ),
        ({**NEW, "city": "gotham"}, "city"),
        ({**NEW, "organisation": "alpha"}, None),  # erin is not alpha's admin
    ]
    for payload, field in cases:
        response = client.post("/api/v1/impulses/", payload, content_type="application/json")
        assert 400 <= response.status_code < 500, (payload, response.content)
        if field:
            assert field in response.json(), response.json()
    assert Impulse.objects.count() == 0
    assert (
        client_for().post("/api/v1/impulses/", NEW, content_type="application/json").status_code
        == 403
    )


def test_search_and_keyset_pages_through_the_api(cast: Cast, client_for) -> None:
    for i in range(25):
        make_impulse(cast.erin, title=f"Idee {i} für Grünau")
    trees = make_impulse(cast.erin, title="Bäume am Kanal")
    client = client_for()
    first = client.get("/api/v1/impulses/", {"sort": "newest"}).json()
    assert len(first["results"]) == 20 and first["next_cursor"]
    second = client.get(
        "/api/v1/impulses/", {"sort": "newest", "cursor": first["next_cursor"]}
    ).json()
    ids = [r["id"] for r in first["results"] + second["results"]]
    assert len(ids) == len(set(ids)) == 26
    found = client.get("/api/v1/impulses/", {"q": "Baum"}).json()["results"]
    assert [r["id"] for r in found] == [str(trees.public_id)]
    garbage = client.get("/api/v1/impulses/", {"cursor": "!!nonsense", "sort": "zzz"})
    assert garbage.status_code == 200


def test_editing_and_status_changes_are_the_authors_only(cast: Cast, client_for) -> None:
    impulse = make_impulse(cast.erin)
    other = client_for(None, cast.bob)
    assert (
        other.put(
            f"/api/v1/impulses/{impulse.public_id}/",
            {**NEW, "title": "Gekapert"},
            content_type="application/json",
        ).status_code
        == 403
    )
    assert (
        other.post(
            f"/api/v1/impulses/{impulse.public_id}/status/",
            {"status": "archived"},
            content_type="application/json",
        ).status_code
        == 403
    )
    owner = client_for(None, cast.erin)
    moved = owner.post(
        f"/api/v1/impulses/{impulse.public_id}/status/",
        {"status": "in_implementation"},
        content_type="application/json",
    )
    assert moved.status_code == 200 and moved.json()["status"] == "in_implementation"
    bad = owner.post(
        f"/api/v1/impulses/{impulse.public_id}/status/",
        {"status": "draft"},
        content_type="application/json",
    )
    assert bad.status_code == 400


def test_drafts_and_unknown_ids_are_404(cast: Cast, client_for) -> None:
    draft = make_impulse(cast.erin, publish=False)
    assert client_for(None, cast.bob).get(f"/api/v1/impulses/{draft.public_id}/").status_code == 404
    assert (
        client_for(None, cast.erin).get(f"/api/v1/impulses/{draft.public_id}/").status_code == 200
    )
    assert (
        client_for().get("/api/v1/impulses/00000000-0000-0000-0000-000000000000/").status_code
        == 404
    )


def test_the_list_runs_the_same_number_of_queries_whatever_the_data(cast: Cast, client_for) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_impulse(cast.erin)
    client = client_for()
    client.get("/api/v1/impulses/")
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/impulses/")
    for i in range(30):
        make_impulse(cast.erin, title=f"Mehr {i}")
    with CaptureQueriesContext(connection) as many:
        client.get("/api/v1/impulses/")
    assert len(many) == len(few) <= 8

"""The groups and posts API on alpha's host: same rules as the pages, JSON errors, isolation,
and its place in the OpenAPI schema."""

from __future__ import annotations

from typing import Any

from django_tenants.utils import tenant_context

from tests.cast import Cast
from tests.workspaces.factories import actor
from workspaces import services
from workspaces.models import Post, Reaction, Workspace


def make(cast: Cast, fn: Any, who: Any, **kwargs: Any) -> Any:
    with tenant_context(cast.alpha):
        return fn(actor=actor(who), **kwargs)


def test_groups_are_founded_listed_and_joined(cast: Cast, client_for) -> None:
    bob = client_for(cast.alpha, cast.bob)
    created = bob.post(
        "/api/v1/groups/",
        {"name": "AG Kultur", "description": "Theater", "visibility": "closed"},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["slug"] == "ag-kultur" and created.json()["my_role"] == "admin"

    dave = client_for(cast.alpha, cast.dave)
    listed = dave.get("/api/v1/groups/").json()["results"]
    assert [(g["slug"], g["my_role"]) for g in listed] == [("ag-kultur", None)]
    asked = dave.post("/api/v1/groups/ag-kultur/join/")
    assert asked.status_code == 202 and asked.json() == {"status": "requested"}
    assert dave.get("/api/v1/groups/ag-kultur/requests/").status_code == 403
    requests = bob.get("/api/v1/groups/ag-kultur/requests/").json()
    assert [r["name"] for r in requests] == ["Dave"]
    decided = bob.post(f"/api/v1/groups/ag-kultur/requests/{requests[0]['id']}/approve/")
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    members = dave.get("/api/v1/groups/ag-kultur/members/").json()
    assert {m["name"]: m["role"] for m in members} == {"Bob": "admin", "Dave": "member"}


def test_bad_group_input_is_a_json_400_and_creates_nothing(cast: Cast, client_for) -> None:
    bob = client_for(cast.alpha, cast.bob)
    empty = bob.post("/api/v1/groups/", {"name": " "}, content_type="application/json")
    assert empty.status_code == 400
    assert empty.json() == {"name": ["Der Name braucht 1 bis 120 Zeichen."], "code": "invalid"}
    wrong = bob.post(
        "/api/v1/groups/", {"name": "X", "visibility": "world"}, content_type="application/json"
    )
    assert wrong.status_code == 400 and "visibility" in wrong.json()
    guest = client_for(cast.alpha, cast.gina).post(
        "/api/v1/groups/", {"name": "Gäste"}, content_type="application/json"
    )
    assert guest.status_code == 403 and guest.json()["code"] == "forbidden"
    with tenant_context(cast.alpha):
        assert not Workspace.objects.exists()


def test_posts_comments_reactions_and_pins(cast: Cast, client_for) -> None:
    group = make(cast, services.create_workspace, cast.bob, name="AG")
    bob = client_for(cast.alpha, cast.bob)
    created = bob.post(
        "/api/v1/posts/",
        {"body": "Hallo <script>x()</script>", "group": group.slug},
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert body["group"] == "ag" and "<script" not in body["body_html"]
    assert body["author_name"] == "Bob" and body["author_is_former_member"] is False
    post_id = body["id"]

    dave = client_for(cast.alpha, cast.dave)
    comment = dave.post(
        f"/api/v1/posts/{post_id}/comments/", {"body": "Gern"}, content_type="application/json"
    )
    assert comment.status_code == 201
    assert [c["body"] for c in dave.get(f"/api/v1/posts/{post_id}/comments/").json()] == ["Gern"]
    reacted = dave.post(
        f"/api/v1/posts/{post_id}/reactions/", {"kind": "idea"}, content_type="application/json"
    )
    assert {r["kind"]: (r["count"], r["mine"]) for r in reacted.json()["reactions"]}["idea"] == (
        1,
        True,
    )
    assert dave.delete(f"/api/v1/posts/{post_id}/reactions/idea/").status_code == 200
    with tenant_context(cast.alpha):
        assert not Reaction.objects.exists()

    assert dave.post(f"/api/v1/posts/{post_id}/pin/").status_code == 403
    assert bob.post(f"/api/v1/posts/{post_id}/pin/").json()["pinned"] is True
    feed = dave.get("/api/v1/posts/?group=ag").json()
    assert [p["id"] for p in feed["pinned"]] == [post_id] and feed["results"] == []
    assert dave.get("/api/v1/posts/?group=nope").status_code == 400
    assert (
        dave.delete(f"/api/v1/posts/{post_id}/comments/{comment.json()['id']}/").status_code == 204
    )


def test_editing_someone_elses_post_is_a_403_with_a_reason_and_changes_nothing(
    cast: Cast, client_for
) -> None:
    post = make(cast, services.create_post, cast.bob, body="Original")
    dave = client_for(cast.alpha, cast.dave)
    response = dave.patch(
        f"/api/v1/posts/{post.public_id}/", {"body": "Fremd"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Du kannst nur deine eigenen Beiträge bearbeiten.",
        "code": "forbidden",
    }
    assert dave.delete(f"/api/v1/posts/{post.public_id}/").status_code == 403
    bob = client_for(cast.alpha, cast.bob)
    too_long = bob.patch(
        f"/api/v1/posts/{post.public_id}/", {"body": "x" * 10_001}, content_type="application/json"
    )
    assert too_long.status_code == 400 and too_long.json()["code"] == "invalid"
    with tenant_context(cast.alpha):
        assert Post.objects.get(pk=post.pk).body == "Original"


def test_the_feed_pages_with_a_cursor(cast: Cast, client_for) -> None:
    with tenant_context(cast.alpha):
        bob = actor(cast.bob)
        for i in range(23):
            services.create_post(actor=bob, body=f"Nr. {i}")
    client = client_for(cast.alpha, cast.gina)
    first = client.get("/api/v1/posts/").json()
    assert len(first["results"]) == 20 and first["next"]
    second = client.get(f"/api/v1/posts/?cursor={first['next']}").json()
    assert [p["body"] for p in second["results"]] == ["Nr. 2", "Nr. 1", "Nr. 0"]
    assert second["next"] is None


def test_outsiders_and_other_organisations_get_nothing(cast: Cast, client_for) -> None:
    secret = make(cast, services.create_workspace, cast.bob, name="Geheim", visibility="secret")
    post = make(cast, services.create_post, cast.bob, body="Still", workspace=secret)
    dave = client_for(cast.alpha, cast.dave)
    assert dave.get(f"/api/v1/posts/{post.public_id}/").status_code == 404
    assert dave.get("/api/v1/groups/geheim/").status_code == 404
    assert all(p["body"] != "Still" for p in dave.get("/api/v1/posts/").json()["results"])
    for who in (None, cast.carol, cast.erin):
        client = client_for(cast.alpha, who)
        assert client.get(f"/api/v1/posts/{post.public_id}/").status_code == 403
        assert client.post("/api/v1/posts/", {"body": "x"}).status_code == 403
    assert client_for(cast.beta, cast.carol).get("/api/v1/groups/geheim/").status_code == 404


def test_groups_and_posts_are_in_the_openapi_schema(cast: Cast, client_for) -> None:
    schema = client_for(cast.alpha).get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/groups/",
        "/api/v1/groups/{slug}/join/",
        "/api/v1/posts/",
        "/api/v1/posts/{public_id}/comments/",
        "/api/v1/posts/{public_id}/reactions/",
    ):
        assert path in paths, path

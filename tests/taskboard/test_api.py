"""The task API in both scopes: list with filters, create, change, take, delete; refusals as
4xx JSON bodies that change nothing."""

from __future__ import annotations

from typing import Any

from django_tenants.utils import tenant_context

from taskboard.models import Status, Task
from tests.cast import Cast
from tests.taskboard.factories import box_on_network, group_in_alpha, task_in
from tests.workspaces.factories import actor
from workspaces.scopes import network_actor


def test_a_member_creates_takes_and_finishes_a_task_through_the_api(
    cast: Cast, client_for: Any
) -> None:
    group = group_in_alpha(cast)
    bob = client_for(cast.alpha, cast.bob)
    response = bob.post(
        "/api/v1/tasks/",
        {"group": group.slug, "title": "Wahlplakate", "due_date": "2030-05-01"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["assignee"], body["checklist"]) == ("open", None, [])
    dave = client_for(cast.alpha, cast.dave)
    taken = dave.post(f"/api/v1/tasks/{body['id']}/take/")
    assert taken.status_code == 200 and taken.json()["assignee"]["name"] == "Dave"
    again = bob.post(f"/api/v1/tasks/{body['id']}/take/")
    assert again.status_code == 409 and again.json()["code"] == "conflict"
    done = dave.patch(
        f"/api/v1/tasks/{body['id']}/", {"status": "done"}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["status"] == "done"
    listed = dave.get("/api/v1/tasks/?mine=true&status=done").json()
    assert [t["id"] for t in listed["results"]] == [body["id"]]
    assert bob.delete(f"/api/v1/tasks/{body['id']}/").status_code == 204


def test_refusals_are_json_and_change_nothing(cast: Cast, client_for: Any) -> None:
    group = group_in_alpha(cast)
    with tenant_context(cast.alpha):
        task = task_in(group, actor(cast.bob))
    dave = client_for(cast.alpha, cast.dave)
    url = f"/api/v1/tasks/{task.public_id}/"
    response = dave.patch(url, {"title": "Meins"}, content_type="application/json")
    assert response.status_code == 403 and "nur, wer sie angelegt hat" in response.json()["detail"]
    bob = client_for(cast.alpha, cast.bob)
    response = bob.patch(
        url, {"assignee": str(cast.erin.public_id)}, content_type="application/json"
    )
    assert response.status_code == 400 and "assignee" in response.json()
    response = bob.patch(url, {"status": "later"}, content_type="application/json")
    assert response.status_code == 400
    gina = client_for(cast.alpha, cast.gina)
    assert gina.delete(url).status_code == 403
    with tenant_context(cast.alpha):
        task.refresh_from_db()
        assert (task.title, task.assignee_id, task.status) == ("Flyer drucken", None, Status.OPEN)
        assert Task.objects.count() == 1


def test_the_api_serves_boxes_on_the_network_for_their_members(cast: Cast, client_for: Any) -> None:
    box = box_on_network(cast)
    task = task_in(box, network_actor(cast.erin), title="Beete umgraben")
    gina = client_for(None, cast.gina)
    assert [t["title"] for t in gina.get("/api/v1/tasks/").json()["results"]] == ["Beete umgraben"]
    assert gina.get(f"/api/v1/tasks/?group={box.slug}").status_code == 200
    bob = client_for(None, cast.bob)
    assert bob.get("/api/v1/tasks/").json()["results"] == []
    assert bob.get(f"/api/v1/tasks/{task.public_id}/").status_code == 404
    assert bob.get(f"/api/v1/tasks/?group={box.slug}").status_code == 403
    response = bob.post(
        "/api/v1/tasks/", {"group": box.slug, "title": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert Task.objects.count() == 1


def test_the_schema_describes_the_task_api(cast: Cast, client_for: Any) -> None:
    schema = client_for(None, None).get("/api/schema/?format=json").json()
    take = schema["paths"]["/api/v1/tasks/{public_id}/take/"]["post"]
    assert {"200", "403", "404", "409"} <= set(take["responses"])


def test_bad_filters_are_a_400_naming_the_parameter(cast: Cast, client_for: Any) -> None:
    client = client_for(None, cast.gina)
    for query, name in (
        ("mine=vielleicht", "mine"),
        ("overdue=2", "overdue"),
        ("status=x", "status"),
    ):
        response = client.get(f"/api/v1/tasks/?{query}")
        assert response.status_code == 400 and name in response.json()
    assert client.get("/api/v1/tasks/?mine=false&overdue=true").status_code == 200

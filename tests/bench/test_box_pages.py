"""The pages bench/boxes.py measures cost the same number of queries for a small box and a
bigger one (more members, tasks, posts and boxes than any page shows): the box page, its task
board and task list, "Meine Boxen" and the members API. The benchmark runs the same check on
its two seeded shapes (2,000 members, 20,000 tasks, 50,000 posts among 100,000 boxes)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from taskboard import services as task_services
from taskboard.models import Status
from tests.cast import Cast
from tests.taskboard.factories import box_on_network
from workspaces import services
from workspaces.models import Post, Workspace
from workspaces.scopes import network_actor

PAGES = {
    "box": "/boxen/{slug}/",
    "board": "/boxen/{slug}/aufgaben/",
    "list": "/boxen/{slug}/aufgaben/liste/",
    "my_boxes": "/boxen/",
    "members_api": "/api/v1/boxes/{slug}/members/",
}


def _counts(client: Any, box: Workspace) -> dict[str, int]:
    counts = {}
    for name, path in PAGES.items():
        url = path.format(slug=box.slug)
        assert client.get(url).status_code == 200, url  # warm: session, caches, fragments
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[name] = len(queries)
    return counts


def _grow(cast: Cast, box: Workspace, *, people: int, tasks: int, posts: int) -> None:
    """More of everything than a page shows, written as the benchmark's seed does (rows)."""
    from accounts.models import User
    from taskboard.models import Task

    users = User.objects.bulk_create(
        User(email=f"box-{n}@seed.example", display_name=f"Nachbar {n}") for n in range(people)
    )
    for user in users:
        services.admit_member(box, user.pk)
    statuses = [Status.OPEN, Status.IN_PROGRESS, Status.DONE]
    Task.objects.bulk_create(
        Task(
            workspace=box,
            title=f"Aufgabe {n}",
            status=statuses[n % 3],
            position=n,
            created_by=cast.erin,
            assignee=users[n % people] if n % 2 else None,
        )
        for n in range(tasks)
    )
    Post.objects.bulk_create(
        Post(workspace=box, author=users[n % people], body=f"Beitrag {n}", body_html=f"<p>{n}</p>")
        for n in range(posts)
    )
    erin = network_actor(cast.erin)
    for n in range(30):  # boxes of their own besides this one
        services.create_circle(actor=erin, name=f"Freundeskreis {n}")


def test_box_pages_cost_the_same_queries_for_a_small_and_a_big_box(
    cast: Cast, client_for: Any
) -> None:
    box = box_on_network(cast)
    erin = network_actor(cast.erin)
    task = task_services.create_task(actor=erin, workspace=box, title="Beete umgraben")
    task_services.take_task(actor=network_actor(cast.gina), task=task)
    services.create_post(actor=erin, body="Wer hat Spaten?", workspace=box)
    client = client_for(None, cast.erin)
    small = _counts(client, box)
    _grow(cast, box, people=60, tasks=180, posts=60)
    large = _counts(client, box)
    assert large == small

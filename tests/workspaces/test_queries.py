"""Every page and endpoint of groups and feeds runs the same number of queries however many
posts, comments, reactions, groups and authors there are (STYLE.md: Zulip's query guards)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection as default_connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from tests.cast import Cast
from tests.workspaces.factories import actor
from workspaces import services
from workspaces.models import Visibility


def grow(cast: Cast, rounds: int) -> None:
    """Groups of every kind, posts by several authors with comments, reactions and mentions."""
    with tenant_context(cast.alpha):
        people = [actor(u) for u in (cast.alice, cast.bob, cast.dave)]
        for i in range(rounds):
            group = services.create_workspace(
                actor=people[0],
                name=f"Gruppe {i}",
                visibility=[Visibility.OPEN, Visibility.CLOSED, Visibility.SECRET][i % 3],
            )
            services.add_workspace_member(actor=people[0], workspace=group, user=cast.bob)
            services.add_workspace_member(actor=people[0], workspace=group, user=cast.dave)
            for j, who in enumerate(people[:2]):
                post = services.create_post(
                    actor=who, body=f"**Beitrag** {i}-{j} @Dave", workspace=group
                )
                services.add_comment(actor=people[2], post=post, body="Kommentar")
                services.react(actor=people[2], post=post, kind="like")
                services.react(actor=people[1], post=post, kind="idea")
            pinned = services.create_post(actor=people[0], body=f"Organisation {i}")
            if i < 2:
                services.set_pinned(actor=people[0], post=pinned, pinned=True)


def count(client: Any, path: str, **extra: Any) -> int:
    with CaptureQueriesContext(default_connection) as queries:
        response = client.get(path, **extra)
    assert response.status_code in (200, 204), (path, response.status_code)
    return len(queries)


PAGES = [
    "/feed/",
    "/gruppen/",
    "/gruppen/gruppe-0/",
    "/gruppen/gruppe-0/einstellungen/",
    "/api/v1/posts/",
    "/api/v1/posts/?group=gruppe-0",
    "/api/v1/groups/",
    "/api/v1/groups/gruppe-0/members/",
]


# alice (owner) sees every group; bob only what he may (settings are for group admins).
CASES = [
    (path, who)
    for path in PAGES
    for who in ("alice", "bob")
    if not (who == "bob" and "einstellungen" in path)
]


@pytest.mark.parametrize(("path", "who"), CASES)
def test_pages_run_the_same_queries_with_much_more_data(
    cast: Cast, client_for: Any, path: str, who: str
) -> None:
    grow(cast, 2)
    client = client_for(cast.alpha, getattr(cast, who))
    count(client, path)  # warm the per-process caches (plans, sessions)
    small = count(client, path)
    grow(cast, 12)
    large = count(client, path)
    assert large <= small, f"{path}: {small} queries with little data, {large} with more"
    assert large <= 20, f"{path}: {large} queries"


def test_a_post_page_and_the_poll_stay_bounded(cast: Cast, client_for: Any) -> None:
    with tenant_context(cast.alpha):
        bob = actor(cast.bob)
        first = services.create_post(actor=bob, body="Start")
        post = services.create_post(actor=bob, body="Viel Gesprächsstoff")
        # One comment already: its replies and reactions are read once, however many follow.
        services.add_comment(actor=bob, post=post, body="Erster")
    from workspaces.selectors import encode_cursor

    client = client_for(cast.alpha, cast.dave)
    poll = f"/feed/neu/?nach={encode_cursor(first.pk)}"
    detail = f"/beitraege/{post.public_id}/"
    count(client, detail)
    small = (count(client, detail), count(client, poll))
    with tenant_context(cast.alpha):
        people = [actor(u) for u in (cast.alice, cast.bob, cast.dave)]
        for i in range(30):
            services.add_comment(actor=people[i % 3], post=post, body=f"Kommentar {i}")
            services.create_post(actor=people[i % 3], body=f"Neu {i}")
    large = (count(client, detail), count(client, poll))
    assert large[0] <= small[0] and large[1] <= small[1], (small, large)
    assert max(large) <= 20

"""Discussion lists, a thread with its proposals and the API run the same number of queries
however many discussions, comments, proposals and votes there are; lists page without OFFSET
or COUNT."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection as default_connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context

from decisions import services
from decisions.models import Discussion
from tests.cast import Cast
from tests.workspaces.factories import actor
from workspaces import services as ws_services


def _proposal(bob: Any, thread: Discussion, title: str, process: str, **extra: Any) -> Any:
    return services.start_proposal(
        actor=bob,
        discussion=thread,
        title=title,
        process=process,
        closes_at=timezone.now() + timedelta(days=1),
        **extra,
    )


BALLOTS: dict[str, dict[str, Any]] = {
    "simple": {"choice": "yes"},
    "consent": {"choice": "object", "reason": "Noch nicht"},
    "score": {"scores": {"1": 3, "2": 5, "3": 7}},
    "ranked": {"ranking": [3, 1, 2]},
}


def grow(cast: Cast, rounds: int, thread: Discussion) -> None:
    """More groups with discussions and comments; in ``thread`` more comments and closed
    proposals of every process (open and anonymous ballots) with votes, then one running
    proposal with votes."""
    with tenant_context(cast.alpha):
        people = [actor(u) for u in (cast.alice, cast.bob, cast.dave)]
        bob = people[1]
        for i in range(rounds):
            group = ws_services.create_workspace(actor=bob, name=f"Runde {i}")
            ws_services.join_workspace(actor=people[2], workspace=group)
            for where in (group, None):
                d = services.start_discussion(actor=people[i % 3], title=f"T{i}", workspace=where)
                services.add_comment(actor=people[0], discussion=d, body="Kommentar")
            services.add_comment(actor=people[i % 3], discussion=thread, body=f"K{i}")
            process = list(BALLOTS)[i % 4]
            p = _proposal(
                bob, thread, f"V{i}", process, options=["A", "B", "C"], anonymous=i % 2 == 1
            )
            for who in people:
                services.cast_vote(actor=who, proposal=p, **BALLOTS[process])
            services.close_proposal(actor=bob, proposal=p)
        running = _proposal(bob, thread, "Läuft", "simple")
        for who in people:
            services.cast_vote(actor=who, proposal=running, choice="no")


def close_running(cast: Cast, thread: Discussion) -> None:
    with tenant_context(cast.alpha):
        running = thread.proposals.get(closed_at__isnull=True)
        services.close_proposal(actor=actor(cast.bob), proposal=running)


def count(client: Any, path: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(default_connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries), [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_pages_and_api_run_the_same_queries_with_much_more_data(
    paying: Cast, client_for: Any, who: str
) -> None:
    cast = paying
    with tenant_context(cast.alpha):
        thread = services.start_discussion(actor=actor(cast.bob), title="Großes Thema")
    grow(cast, 2, thread)
    paths = [
        "/diskussionen/",
        "/gruppen/runde-0/diskussionen/",
        f"/diskussionen/{thread.public_id}/",
        "/api/v1/discussions/",
        f"/api/v1/discussions/{thread.public_id}/",
    ]
    client = client_for(cast.alpha, getattr(cast, who))
    for path in paths:
        count(client, path)  # warm the per-process caches (plans, sessions)
    small = {path: count(client, path)[0] for path in paths}
    close_running(cast, thread)
    grow(cast, 10, thread)
    for path in paths:
        large, sql = count(client, path)
        assert large <= small[path], f"{path}: {small[path]} queries, then {large}"
        assert large <= 20, f"{path}: {large} queries"
        if "diskussionen/" in path or path.endswith("discussions/"):
            listing = [s for s in sql if "decisions_discussion" in s]
            assert not any(" OFFSET " in s or "COUNT(" in s for s in listing), path

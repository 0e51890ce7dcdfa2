"""Every events page and endpoint runs the same number of queries however many events,
answers and groups there are (STYLE.md: Zulip's query guards)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection as default_connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from events import services
from events.models import Answer
from tests.cast import Cast
from tests.events.factories import make_event
from tests.workspaces.factories import actor
from workspaces import services as workspace_services
from workspaces.models import Visibility


def grow(cast: Cast, rounds: int, offset: int = 0) -> None:
    """Events in groups of every kind and for everyone, with answers and a waiting list."""
    with tenant_context(cast.alpha):
        people = [actor(u) for u in (cast.alice, cast.bob, cast.dave)]
        for i in range(offset, offset + rounds):
            group = workspace_services.create_workspace(
                actor=people[0],
                name=f"Gruppe {i}",
                visibility=[Visibility.OPEN, Visibility.CLOSED, Visibility.SECRET][i % 3],
            )
            workspace_services.add_workspace_member(actor=people[0], workspace=group, user=cast.bob)
            for workspace in (group, None):
                event = make_event(
                    people[0],
                    workspace=workspace,
                    title=f"Termin {i}",
                    capacity=1,
                    starts_in=timedelta(days=1, hours=i),
                )
                # dave is not in the groups (closed and secret ones he may not read).
                for who in people if workspace is None else people[:2]:
                    services.answer_event(actor=who, event=event, answer=Answer.YES)
        services.renew_calendar_token(actor=people[1])


def count(client: Any, path: str) -> int:
    with CaptureQueriesContext(default_connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries)


PAGES = [
    "/termine/",
    "/termine/gruppe/gruppe-0/",
    "/termine/abo/",
    "/api/v1/events/",
    "/api/v1/events/?group=gruppe-0",
    "/termine/{event}/",
    "/termine/{event}/termin.ics",
    "/api/v1/events/{event}/",
]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("who", ["alice", "bob"])
def test_pages_run_the_same_queries_with_much_more_data(
    cast: Cast, client_for: Any, path: str, who: str
) -> None:
    grow(cast, 2)
    with tenant_context(cast.alpha):
        event = make_event(actor(cast.alice), title="Fest", capacity=2)
    path = path.format(event=event.public_id)
    client = client_for(cast.alpha, getattr(cast, who))
    count(client, path)  # warm the per-process caches (plans, sessions)
    small = count(client, path)
    grow(cast, 25, offset=2)
    with tenant_context(cast.alpha):
        for user in (cast.alice, cast.bob, cast.dave):
            services.answer_event(actor=actor(user), event=event, answer=Answer.YES)
    large = count(client, path)
    assert large <= small, f"{path}: {small} queries with little data, {large} with more"
    assert large <= 15, f"{path}: {large} queries"


def test_the_subscription_feed_stays_bounded(cast: Cast, client_for: Any) -> None:
    with tenant_context(cast.alpha):
        token = services.renew_calendar_token(actor=actor(cast.bob))
    client = client_for(cast.alpha)
    grow(cast, 2)
    with tenant_context(cast.alpha):
        token = services.renew_calendar_token(actor=actor(cast.bob))
    small = count(client, f"/termine/abo/{token}.ics")
    grow(cast, 25, offset=2)
    with tenant_context(cast.alpha):
        token = services.renew_calendar_token(actor=actor(cast.bob))
    large = count(client, f"/termine/abo/{token}.ics")
    assert large <= small and large <= 10, (small, large)

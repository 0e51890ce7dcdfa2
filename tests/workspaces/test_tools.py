"""The workspace tool registry (workspaces/tools.py): one registration mounts a tool's routes and
API, shows its tab to whoever may open it, and adds its privacy module to both schema kinds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from django_tenants.utils import tenant_context

from accounts import privacy
from tests.cast import Cast
from tests.workspaces.factories import actor
from workspaces import services, tools


@pytest.fixture
def extra_tool() -> Iterator[tools.Tool]:
    """A tool registered for the test only, whose tab route no host mounts."""
    tool = tools.Tool(
        name="test-board",
        label="Aufgaben",
        order=5,
        routes="workspaces.urls",
        tab="tasks:group_board",
        privacy_app="events",  # shared with the calendar: listed once
    )
    tools.register(tool)
    yield tool
    tools._TOOLS.pop(tool.name)


def test_the_intranet_mounts_every_tool_and_the_network_only_those_offered_there() -> None:
    names = [tool.name for tool in tools.tools_for(tools.INTRANET)]
    assert names == ["discussions", "calendar", "tasks", "progress", "documents"]
    # Boxes offer the tools made for both scopes, under the boxes' routes.
    # Boxes also draft motions and ask offline partners for help (network-only tools).
    network = [tool.name for tool in tools.tools_for(tools.NETWORK)]
    assert network == [*names, "motions", "partners"]
    for name, path in (
        ("events:group_calendar", "/boxen/x/termine/"),
        ("documents:group", "/boxen/x/dokumente/"),
        ("decisions:group_discussions", "/boxen/x/diskussionen/"),
    ):
        assert reverse(name, kwargs={"slug": "x"}, urlconf="config.urls_public") == path
    board = reverse("taskboard:board", kwargs={"slug": "x"}, urlconf="config.urls_public")
    assert board == "/boxen/x/aufgaben/"
    board = reverse("taskboard:board", kwargs={"slug": "x"}, urlconf="config.urls_tenant")
    assert board == "/gruppen/x/aufgaben/"
    tab = reverse("decisions:group_discussions", kwargs={"slug": "x"}, urlconf="config.urls_tenant")
    assert tab == "/gruppen/x/diskussionen/"
    api = reverse("document-list", urlconf="config.urls_tenant")
    assert api == "/api/v1/documents/"


def test_a_reader_sees_the_tools_tabs_in_order_and_they_open(cast: Cast, client_for: Any) -> None:
    with tenant_context(cast.alpha):
        services.create_workspace(actor=actor(cast.alice), name="Offene AG")
    client = client_for(cast.alpha, cast.bob)
    html = client.get("/gruppen/offene-ag/").content.decode()
    nav = html.split('aria-label="Bereiche der Gruppe"')[1].split("</nav>")[0]
    links = [
        "/gruppen/offene-ag/diskussionen/",
        "/termine/gruppe/offene-ag/",
        "/gruppen/offene-ag/aufgaben/",
        "/dokumente/gruppe/offene-ag/",
    ]
    assert [nav.index(link) for link in links] == sorted(nav.index(link) for link in links)
    assert all(client.get(link).status_code == 200 for link in links)


def test_a_closed_group_shows_no_tabs_to_someone_outside(cast: Cast, client_for: Any) -> None:
    with tenant_context(cast.alpha):
        services.create_workspace(actor=actor(cast.alice), name="Vorstand", visibility="closed")
    html = client_for(cast.alpha, cast.bob).get("/gruppen/vorstand/").content.decode()
    assert "Bereiche der Gruppe" not in html and "/gruppen/vorstand/diskussionen/" not in html


def test_a_tool_whose_routes_this_host_lacks_shows_no_tab(
    cast: Cast, client_for: Any, extra_tool: tools.Tool
) -> None:
    with tenant_context(cast.alpha):
        group = services.create_workspace(actor=actor(cast.alice), name="Offene AG")
        shown = [tab.name for tab in tools.tabs(actor(cast.bob), group)]
    assert shown == ["discussions", "calendar", "tasks", "progress", "documents"]


def test_each_tools_privacy_module_runs_in_both_schema_kinds() -> None:
    for tool in tools.tools_for(tools.INTRANET):
        assert tool.privacy_app in privacy.public_apps()
        assert tool.privacy_app in privacy.organisation_apps()
    # Registered once, however often a tool names it; the erasure order keeps accounts last.
    assert len(set(privacy.public_apps())) == len(privacy.public_apps())
    assert privacy.public_apps()[0] == "accounts"

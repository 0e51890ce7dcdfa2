"""The header's "Meine Boxen" menu on the public network: the person's boxes (at most eight,
then a link to all of them), one bounded query however many they have; nothing for visitors
and nothing on an intranet's host."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cast import Cast
from workspaces.models import Workspace, WorkspaceMember, WorkspaceRole
from workspaces.selectors import NAV_BOXES


def _boxes(user, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        box = Workspace.objects.create(name=f"Box {n:02d}", slug=f"box-{n:02d}", created_by=user)
        WorkspaceMember.objects.create(workspace=box, user=user, role=WorkspaceRole.OWNER)


def test_the_menu_lists_my_boxes_with_a_link_to_all(cast: Cast, client_for) -> None:
    _boxes(cast.erin, 2)
    page = client_for(None, cast.erin).get("/impulse/").content.decode()
    assert 'class="site-dropdown box-switcher"' in page
    assert 'href="/boxen/box-00/"' in page and 'href="/boxen/box-01/"' in page
    assert "Übersicht meiner Boxen" in page
    # Someone else's boxes are not in my menu.
    assert "box-00" not in client_for(None, cast.gina).get("/impulse/").content.decode()


def test_the_menu_shows_eight_and_costs_the_same_for_many_boxes(cast: Cast, client_for) -> None:
    client = client_for(None, cast.erin)
    _boxes(cast.erin, 2)
    client.get("/impulse/")  # the host and the city list are cached from now on
    with CaptureQueriesContext(connection) as few:
        client.get("/impulse/")
    _boxes(cast.erin, 10, start=2)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/impulse/").content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert page.count('href="/boxen/box-') == NAV_BOXES
    assert "Alle meine Boxen" in page


def test_visitors_and_intranet_pages_get_no_box_menu(cast: Cast, client_for) -> None:
    _boxes(cast.bob, 1)
    assert "box-switcher" not in client_for(None, None).get("/impulse/").content.decode()
    intranet = client_for(cast.alpha, cast.bob).get("/").content.decode()
    assert "box-switcher" not in intranet and "box-00" not in intranet

"""The names offered after an ``@``: only people who can be mentioned there and whom the writer
may see anyway; never the whole network."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from tests.cast import Cast
from workspaces.models import Visibility, WorkspaceMember, WorkspaceRole
from workspaces.scopes import intranet_actor, network_actor
from workspaces.selectors import mention_suggestions


def _names(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [person["name"] for person in response.json()["results"]]


def _box(cast: Cast) -> Any:
    from workspaces.models import Workspace

    box = Workspace.objects.create(
        name="Sonnensegel", slug="sonnensegel", visibility=Visibility.CLOSED, member_count=2
    )
    WorkspaceMember.objects.create(workspace=box, user=cast.erin, role=WorkspaceRole.OWNER)
    WorkspaceMember.objects.create(workspace=box, user=cast.gina, role=WorkspaceRole.MEMBER)
    return box


def test_a_box_suggests_its_members_only(cast: Cast, client_for: Any) -> None:
    box = _box(cast)
    client = client_for(user=cast.erin)
    assert _names(client.get(f"/boxen/{box.slug}/erwaehnen/", {"q": "g"})) == ["Gina"]
    # Bob and Dave are on the network too, but not in the box: not offered.
    assert _names(client.get(f"/boxen/{box.slug}/erwaehnen/", {"q": "b"})) == []
    assert _names(client.get(f"/boxen/{box.slug}/erwaehnen/", {"q": ""})) == []
    # Not one's own name, and an outsider gets nothing at all.
    assert _names(client.get(f"/boxen/{box.slug}/erwaehnen/", {"q": "e"})) == []
    outsider = client_for(user=cast.bob).get(f"/boxen/{box.slug}/erwaehnen/", {"q": "g"})
    assert outsider.status_code == 404


def test_words_inside_a_name_match_and_the_list_is_short(cast: Cast) -> None:
    box = _box(cast)
    User.objects.filter(pk=cast.gina.pk).update(display_name="Gina Müller")
    for n in range(12):
        user = User.objects.create_user(email=f"m{n}@example.org", display_name=f"Mia {n:02}")
        WorkspaceMember.objects.create(workspace=box, user=user, role=WorkspaceRole.MEMBER)
    actor = network_actor(cast.erin)
    assert mention_suggestions(actor, box, "mü") == ["Gina Müller"]
    found = mention_suggestions(actor, box, "mi")
    assert len(found) == 8 and found[0] == "Mia 00"


def test_the_intranet_feed_suggests_the_directory_to_members_not_guests(
    cast: Cast, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(cast.alpha, cast.bob)
    with django_assert_max_num_queries(12):
        names = _names(client.get("/feed/erwaehnen/", {"q": "a"}))
    assert names == ["Alice"]
    assert _names(client.get("/feed/erwaehnen/", {"q": "d"})) == ["Dave"]
    assert _names(client.get("/feed/erwaehnen/", {"q": "c"})) == []  # carol is not in alpha
    assert client_for(cast.alpha, cast.gina).get("/feed/erwaehnen/?q=a").status_code == 404
    assert client_for(cast.beta, cast.bob).get("/feed/erwaehnen/?q=a").status_code == 404


def test_a_closed_group_suggests_its_members(cast: Cast) -> None:
    from intranet.models import Membership
    from tenants.db import connection
    from workspaces.services import create_workspace

    connection.set_tenant(cast.alpha)
    membership = Membership.objects.get(user=cast.bob)
    actor = intranet_actor(cast.bob, membership, cast.alpha)
    group = create_workspace(
        actor=actor, name="Vorstand", description="", visibility=Visibility.CLOSED
    )
    assert mention_suggestions(actor, group, "d") == []  # Dave is in alpha, not in the group
    WorkspaceMember.objects.create(workspace=group, user=cast.dave, role=WorkspaceRole.MEMBER)
    assert mention_suggestions(actor, group, "d") == ["Dave"]

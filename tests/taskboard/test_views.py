"""Task pages in both scopes: the board without JavaScript (forms POST), the list with its
filters, "Ich übernehme das", clear refusals that change nothing, members-only boxes, tenant
isolation, and a bounded number of queries for few or many tasks."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django_tenants.utils import tenant_context

from taskboard import services
from taskboard.models import Status, Task
from tests.cast import Cast
from tests.taskboard.factories import box_on_network, group_in_alpha, task_in
from tests.workspaces.factories import actor
from workspaces.scopes import network_actor


def test_the_group_page_has_the_tab_and_the_board_its_three_columns(
    cast: Cast, client_for: Any
) -> None:
    group = group_in_alpha(cast)
    client = client_for(cast.alpha, cast.bob)
    html = client.get(f"/gruppen/{group.slug}/").content.decode()
    assert f'href="/gruppen/{group.slug}/aufgaben/"' in html and "Aufgaben" in html
    response = client.post(f"/gruppen/{group.slug}/aufgaben/neu/", {"title": "Stand aufbauen"})
    assert response.status_code == 302
    html = client.get(f"/gruppen/{group.slug}/aufgaben/").content.decode()
    for label in ("Offen", "In Arbeit", "Erledigt", "Stand aufbauen", "Ich übernehme das"):
        assert label in html


def test_a_member_takes_a_task_and_moves_it_to_done_with_plain_forms(
    cast: Cast, client_for: Any
) -> None:
    group = group_in_alpha(cast)
    with tenant_context(cast.alpha):
        task = task_in(group, actor(cast.bob))
    board = f"/gruppen/{group.slug}/aufgaben/"
    url = f"{board}{task.public_id}/"
    client = client_for(cast.alpha, cast.dave)
    response = client.post(f"{url}uebernehmen/", {"next": board})
    assert response.status_code == 302 and response["Location"] == board
    response = client.post(f"{url}status/", {"status": Status.DONE, "next": board})
    assert response.status_code == 302
    with tenant_context(cast.alpha):
        task.refresh_from_db()
    assert (task.assignee_id, task.status) == (cast.dave.pk, Status.DONE)
    # An outside "next" is not followed.
    response = client.post(f"{url}abgeben/", {"next": "https://evil.example/"})
    assert response["Location"] == url


def test_refusals_on_the_page_are_clear_and_change_nothing(cast: Cast, client_for: Any) -> None:
    group = group_in_alpha(cast)
    with tenant_context(cast.alpha):
        task = task_in(group, actor(cast.bob), title="Bobs Aufgabe")
    url = f"/gruppen/{group.slug}/aufgaben/{task.public_id}/"
    dave = client_for(cast.alpha, cast.dave)
    response = dave.post(f"{url}status/", {"status": Status.DONE})
    assert response.status_code == 403
    assert "nur, wer sie angelegt hat" in response.content.decode()
    response = dave.get(f"{url}bearbeiten/")
    assert response.status_code == 403
    bob = client_for(cast.alpha, cast.bob)
    response = bob.post(
        f"{url}bearbeiten/", {"title": "Bobs Aufgabe", "assignee": str(cast.erin.pk)}
    )
    assert response.status_code == 400
    assert "nur Mitgliedern dieser Gruppe" in response.content.decode()
    response = bob.post(f"/gruppen/{group.slug}/aufgaben/neu/", {"title": ""})
    assert response.status_code == 400 and "1 bis 200 Zeichen" in response.content.decode()
    with tenant_context(cast.alpha):
        task.refresh_from_db()
        assert (task.status, task.assignee_id, Task.objects.count()) == (Status.OPEN, None, 1)


def test_the_list_filters_by_status_mine_and_overdue(cast: Cast, client_for: Any) -> None:
    group = group_in_alpha(cast)
    yesterday = timezone.localdate() - timedelta(days=1)
    with tenant_context(cast.alpha):
        bob = actor(cast.bob)
        task_in(group, bob, title="Überfällige Sache", assignee=cast.dave, due_date=yesterday)
        task_in(group, bob, title="Bobs Sache", assignee=cast.bob)
        done = task_in(group, bob, title="Erledigte Sache")
        services.set_status(actor=bob, task=done, status=Status.DONE)
    client = client_for(cast.alpha, cast.dave)
    base = f"/gruppen/{group.slug}/aufgaben/liste/"
    html = client.get(base).content.decode()
    assert all(t in html for t in ("Überfällige Sache", "Bobs Sache", "Erledigte Sache"))
    html = client.get(f"{base}?meine=1").content.decode()
    assert "Überfällige Sache" in html and "Bobs Sache" not in html
    html = client.get(f"{base}?ueberfaellig=1").content.decode()
    assert "Überfällige Sache" in html and "Bobs Sache" not in html and "überfällig" in html
    html = client.get(f"{base}?status=done").content.decode()
    assert "Erledigte Sache" in html and "Bobs Sache" not in html


def test_a_boxs_tasks_are_for_its_members_on_the_network(cast: Cast, client_for: Any) -> None:
    box = box_on_network(cast)
    task = task_in(box, network_actor(cast.erin), title="Beete umgraben")
    board = f"/boxen/{box.slug}/aufgaben/"
    gina = client_for(None, cast.gina)
    assert f'href="{board}"' in gina.get(f"/boxen/{box.slug}/").content.decode()
    assert "Beete umgraben" in gina.get(board).content.decode()
    assert gina.post(f"{board}{task.public_id}/uebernehmen/").status_code == 302
    task.refresh_from_db()
    assert task.assignee_id == cast.gina.pk
    for outsider in (cast.bob, cast.carol):
        client = client_for(None, outsider)
        assert client.get(board).status_code == 404
        assert client.get(f"{board}{task.public_id}/").status_code == 404
        assert (
            client.post(f"{board}{task.public_id}/status/", {"status": "done"}).status_code == 404
        )
    task.refresh_from_db()
    assert task.status == Status.OPEN
    assert client_for(None, None).get(board).status_code == 302  # log in first
    # The intranet's group paths are not the network's.
    assert gina.get(f"/gruppen/{box.slug}/aufgaben/").status_code == 404


def test_alphas_task_urls_from_betas_host_are_404(cast: Cast, client_for: Any) -> None:
    group = group_in_alpha(cast)
    with tenant_context(cast.alpha):
        task = task_in(group, actor(cast.bob))
    dave = client_for(cast.beta, cast.dave)  # a member of both organisations
    board = f"/gruppen/{group.slug}/aufgaben/"
    assert dave.get(board).status_code == 404
    assert dave.get(f"{board}{task.public_id}/").status_code == 404
    assert dave.get(f"/api/v1/tasks/{task.public_id}/").status_code == 404
    # And from the network: the box routes do not know intranet groups.
    assert client_for(None, cast.dave).get(f"/boxen/{group.slug}/aufgaben/").status_code == 404


def test_board_and_list_need_the_same_few_queries_for_few_or_many_tasks(
    cast: Cast, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    group = group_in_alpha(cast)
    client = client_for(cast.alpha, cast.dave)
    board = f"/gruppen/{group.slug}/aufgaben/"
    client.get(board)  # the first request of a session reads a few things once
    counts = []
    for many in (False, True):
        with tenant_context(cast.alpha):
            bob = actor(cast.bob)
            for i in range(60 if many else 2):
                task = task_in(
                    group, bob, title=f"Aufgabe {i}", assignee=cast.dave if i % 2 else None
                )
                if i % 3 == 0:
                    services.set_status(actor=bob, task=task, status=Status.IN_PROGRESS)
        with django_assert_max_num_queries(25) as captured:
            assert client.get(board).status_code == 200
        with django_assert_max_num_queries(25) as listed:
            assert client.get(f"{board}liste/").status_code == 200
        counts.append((len(captured), len(listed)))
    assert counts[0] == counts[1]


def test_a_card_offers_only_what_the_visitor_may_do(cast: Cast, client_for: Any) -> None:
    group = group_in_alpha(cast)
    with tenant_context(cast.alpha):
        task_in(group, actor(cast.bob), title="Bobs Aufgabe", assignee=cast.bob)
    board = f"/gruppen/{group.slug}/aufgaben/"
    dave = client_for(cast.alpha, cast.dave).get(board).content.decode()
    assert "Bobs Aufgabe" in dave and "Verschieben" not in dave and "Ich übernehme" not in dave
    assert "Verschieben" in client_for(cast.alpha, cast.bob).get(board).content.decode()
    gina = client_for(cast.alpha, cast.gina).get(board).content.decode()
    assert "Verschieben" not in gina and "Aufgabe anlegen" not in gina


def test_a_friend_circle_has_a_task_board_for_its_members_only(cast: Cast, client_for: Any) -> None:
    from workspaces.services import create_circle

    circle = create_circle(actor=network_actor(cast.gina), name="Skatrunde")
    board = f"/boxen/{circle.slug}/aufgaben/"
    assert client_for(None, cast.gina).get(board).status_code == 200
    assert client_for(None, cast.erin).get(board).status_code == 404

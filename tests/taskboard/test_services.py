"""The task rules, in an intranet group (alpha) and a citizen box (network): members create
and take tasks; creator, assignee and managers change them; bad input and refused changes get
a clear message and change nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from notifications.models import Notification
from taskboard import privacy, services
from taskboard.models import ChecklistItem, Status, Task
from taskboard.services import TaskError
from tests.cast import Cast
from tests.taskboard.factories import box_on_network, group_in_alpha, task_in
from tests.workspaces.factories import actor
from workspaces.scopes import network_actor


def snapshot(task: Task) -> tuple[Any, ...]:
    task.refresh_from_db()
    return (task.title, task.assignee_id, task.status, task.due_date, task.checklist_total)


def test_a_member_creates_a_task_and_the_assignee_hears_of_it(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    group = group_in_alpha(cast)
    with tenant_context(cast.alpha):
        with django_capture_on_commit_callbacks(execute=True):
            task = task_in(
                group, actor(cast.bob), assignee=cast.dave, description="**bald**",
                due_date=date.today() + timedelta(days=3),
            )  # fmt: skip
        assert task.status == Status.OPEN and task.assignee_id == cast.dave.pk
        assert "<strong>bald</strong>" in task.description_html
        note = Notification.objects.get(user=cast.dave, verb="task.assigned")
        assert note.url == f"/gruppen/{group.slug}/aufgaben/{task.public_id}/"
        assert "Flyer drucken" in note.title


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"description": "x" * 10_001}, "description"),
        ({"due_date": date(1900, 1, 1)}, "due_date"),
    ],
)
def test_bad_input_gets_a_clear_message_and_creates_nothing(
    cast: Cast, kwargs: dict[str, Any], field: str
) -> None:
    group = group_in_alpha(cast)
    with tenant_context(cast.alpha):
        with pytest.raises(TaskError) as error:
            task_in(group, actor(cast.bob), **kwargs)
        assert error.value.field == field
        assert not Task.objects.exists()


def test_a_task_assigned_to_a_non_member_is_refused_and_nothing_changes(cast: Cast) -> None:
    group = group_in_alpha(cast)
    with tenant_context(cast.alpha):
        # alice belongs to the organisation but not to the group; erin not even to alpha.
        for outsider in (cast.alice, cast.erin, -1):
            with pytest.raises(TaskError, match="nur Mitgliedern dieser Gruppe") as error:
                task_in(group, actor(cast.bob), assignee=outsider)
            assert error.value.field == "assignee"
        assert not Task.objects.exists()
        task = task_in(group, actor(cast.bob))
        before = snapshot(task)
        with pytest.raises(TaskError, match="nur Mitgliedern"):
            services.update_task(
                actor=actor(cast.bob), task=task, title="Neu", description="",
                assignee=cast.alice, due_date=None,
            )  # fmt: skip
        assert snapshot(task) == before


def test_editing_another_members_task_without_the_role_is_refused_and_changes_nothing(
    cast: Cast,
) -> None:
    group = group_in_alpha(cast)
    with tenant_context(cast.alpha):
        task = task_in(group, actor(cast.bob))
        services.add_checklist_item(actor=actor(cast.bob), task=task, text="Druckerei anrufen")
        item = ChecklistItem.objects.get()
        before = snapshot(task)
        dave = actor(cast.dave)  # a member, but neither creator nor assignee nor admin
        refusals = [
            lambda: services.update_task(
                actor=dave, task=task, title="Meins", description="", assignee=None, due_date=None
            ),
            lambda: services.set_status(actor=dave, task=task, status=Status.DONE),
            lambda: services.delete_task(actor=dave, task=task),
            lambda: services.add_checklist_item(actor=dave, task=task, text="x"),
            lambda: services.toggle_checklist_item(actor=dave, task=task, item_id=item.pk),
            lambda: services.remove_checklist_item(actor=dave, task=task, item_id=item.pk),
        ]
        for refuse in refusals:
            with pytest.raises(TaskError, match="nur, wer sie angelegt hat") as error:
                refuse()
            assert error.value.code == "forbidden"
        assert snapshot(task) == before
        item.refresh_from_db()
        assert not item.done
        # The guest reads, but changes nothing either.
        with pytest.raises(TaskError, match="aber nichts ändern"):
            services.set_status(actor=actor(cast.gina), task=task, status=Status.DONE)
        with pytest.raises(TaskError, match="aber keine anlegen"):
            task_in(group, actor(cast.gina))
        assert snapshot(task) == before and Task.objects.count() == 1


def test_ill_take_it_then_the_assignee_works_on_it_and_finishes(cast: Cast) -> None:
    group = group_in_alpha(cast)
    with tenant_context(cast.alpha):
        task = task_in(group, actor(cast.bob))
        dave = actor(cast.dave)
        services.take_task(actor=dave, task=task)
        task.refresh_from_db()
        assert task.assignee_id == cast.dave.pk
        with pytest.raises(TaskError, match="schon übernommen") as error:
            services.take_task(actor=actor(cast.bob), task=task)
        assert error.value.code == "conflict"
        services.set_status(actor=dave, task=task, status=Status.IN_PROGRESS)
        services.add_checklist_item(actor=dave, task=task, text="Entwurf")
        item = ChecklistItem.objects.get()
        services.toggle_checklist_item(actor=dave, task=task, item_id=item.pk)
        services.set_status(actor=dave, task=task, status=Status.DONE)
        task.refresh_from_db()
        assert (task.status, task.checklist_done, task.checklist_total) == (Status.DONE, 1, 1)
        assert task.completed_at is not None
        with pytest.raises(TaskError, match="Offen, In Arbeit oder Erledigt"):
            services.set_status(actor=dave, task=task, status="later")
        services.release_task(actor=dave, task=task)
        task.refresh_from_db()
        assert task.assignee_id is None
        # The group's admin (bob) and the organisation's admin (alice) may edit anything.
        services.set_status(actor=actor(cast.alice), task=task, status=Status.OPEN)
        services.delete_task(actor=actor(cast.bob), task=task)
        assert not Task.objects.exists()


def test_the_same_rules_serve_a_box_on_the_network(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    box = box_on_network(cast)
    erin, gina, bob = (network_actor(u) for u in (cast.erin, cast.gina, cast.bob))
    with django_capture_on_commit_callbacks(execute=True):
        task = task_in(box, erin, title="Beete umgraben", assignee=cast.gina)
    note = Notification.objects.get(user=cast.gina, verb="task.assigned")
    assert note.url == f"/boxen/{box.slug}/aufgaben/{task.public_id}/"
    services.set_status(actor=gina, task=task, status=Status.IN_PROGRESS)
    with pytest.raises(TaskError, match="nur Mitgliedern"):
        task_in(box, erin, assignee=cast.bob)
    with pytest.raises(TaskError) as error:  # bob is no member: the box's tasks are not his
        services.take_task(actor=bob, task=task)
    assert error.value.code == "not_found"
    with pytest.raises(TaskError):
        task_in(box, bob)
    assert Task.objects.filter(workspace=box).count() == 1
    # Platform staff moderate every box.
    services.set_status(actor=network_actor(cast.staff), task=task, status=Status.DONE)


def test_erasing_a_person_unassigns_their_tasks_and_keeps_them(cast: Cast) -> None:
    box = box_on_network(cast)
    task = task_in(box, network_actor(cast.erin), assignee=cast.gina)
    assert privacy.export(cast.gina)["tasks"][0]["title"] == "Flyer drucken"
    privacy.erase(cast.gina)
    task.refresh_from_db()
    assert task.assignee_id is None and task.created_by_id == cast.erin.pk


def test_overdue_tasks_are_reminded_once_per_due_date_in_every_scope(cast: Cast) -> None:
    from taskboard.tasks import send_overdue_task_reminders

    box = box_on_network(cast)
    erin = network_actor(cast.erin)
    yesterday = timezone.localdate() - timedelta(days=1)
    late = task_in(box, erin, title="Überfällig", assignee=cast.gina, due_date=yesterday)
    task_in(box, erin, title="Noch Zeit", assignee=cast.gina, due_date=date.today())
    task_in(box, erin, title="Niemand", due_date=yesterday)
    done = task_in(box, erin, title="Fertig", assignee=cast.erin, due_date=yesterday)
    services.set_status(actor=erin, task=done, status=Status.DONE)
    assert send_overdue_task_reminders() == 1
    assert send_overdue_task_reminders() == 0  # once per due date
    note = Notification.objects.get(user=cast.gina, verb="task.overdue")
    assert "Überfällig" in note.title and note.url.endswith(f"/aufgaben/{late.public_id}/")
    # A new due date is reminded again.
    services.update_task(
        actor=erin, task=late, title=late.title, description="", assignee=cast.gina,
        due_date=yesterday - timedelta(days=1),
    )  # fmt: skip
    assert send_overdue_task_reminders() == 1
    group = group_in_alpha(cast)
    with tenant_context(cast.alpha):
        task_in(group, actor(cast.bob), assignee=cast.dave, due_date=yesterday)
        assert send_overdue_task_reminders() == 1
        assert Notification.objects.filter(user=cast.dave, verb="task.overdue").count() == 1


def test_my_open_tasks_are_those_assigned_to_me_and_not_done_soonest_first(cast: Cast) -> None:
    from taskboard import selectors

    box = box_on_network(cast)
    erin, gina = network_actor(cast.erin), network_actor(cast.gina)
    later = task_in(box, erin, title="Später", assignee=cast.gina, due_date=date(2031, 1, 1))
    soon = task_in(box, erin, title="Bald", assignee=cast.gina, due_date=date(2030, 1, 1))
    undated = task_in(box, erin, title="Irgendwann", assignee=cast.gina)
    done = task_in(box, erin, title="Fertig", assignee=cast.gina)
    services.set_status(actor=gina, task=done, status=Status.DONE)
    task_in(box, erin, title="Erins", assignee=cast.erin)
    assert [t.pk for t in selectors.my_open_tasks(gina)] == [soon.pk, later.pk, undated.pk]

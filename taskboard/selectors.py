"""Reads for the task pages and the API, in whatever schema the request runs in.

Every read takes the ``Actor`` and returns only tasks of workspaces they may read
(workspaces/permissions.can_read_workspace, as one SQL filter). The actor's role in the task's
workspace comes along as ``my_role``, so pages need no further queries for permission checks.
The board reads one query per column (three, each limited); the list pages by keyset on
(due date, id): no OFFSET, no COUNT, the same few queries for five tasks or five thousand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from config import keyset
from taskboard.models import NO_DUE_DATE, ChecklistItem, Status, Task
from workspaces.models import Workspace, WorkspaceMember
from workspaces.permissions import Actor
from workspaces.selectors import readable_area, role_subquery

# Tasks per column on the board; the list shows them all, page by page. Each card renders its
# forms, so 50 a column cost a box with 20,000 tasks about 100 ms a page (docs/benchmarks.md).
COLUMN_LIMIT = 20
PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
MEMBER_CHOICES_LIMIT = 500


def readable_tasks(actor: Actor) -> QuerySet[Task]:
    """Tasks the actor may read, with the workspace, the assignee and ``my_role``."""
    return (
        Task.objects.select_related("workspace", "assignee")
        .annotate(my_role=role_subquery(actor, "workspace_id"))
        .filter(readable_area(actor))
    )


def with_role(task: Task) -> Task:
    """Hand the actor's role on to the task's workspace, where the workspace rules look."""
    task.workspace.my_role = getattr(task, "my_role", None)  # type: ignore[attr-defined]
    return task


def task_for(actor: Actor, public_id: Any, *, workspace: Workspace | None = None) -> Task | None:
    qs = readable_tasks(actor).filter(public_id=public_id)
    if workspace is not None:
        qs = qs.filter(workspace=workspace)
    task = qs.first()
    return with_role(task) if task is not None else None


def checklist_of(task: Task) -> list[ChecklistItem]:
    return list(ChecklistItem.objects.filter(task=task).order_by("position", "id"))


@dataclass
class Column:
    status: str
    label: str
    tasks: list[Task]
    more: bool  # the column holds more than it shows (the list shows them all)


def board(actor: Actor, workspace: Workspace, *, limit: int = COLUMN_LIMIT) -> list[Column]:
    """The workspace's tasks by status, in board order: one query per column, each at most
    ``limit`` tasks. Done tasks show the most recently finished first."""
    columns = []
    base = readable_tasks(actor).filter(workspace=workspace)
    for status, label in Status.choices:
        qs = base.filter(status=status)
        qs = (
            qs.order_by("-completed_at", "-id")
            if status == Status.DONE
            else qs.order_by("position", "id")
        )
        rows = [with_role(t) for t in qs[: limit + 1]]
        columns.append(
            Column(status=status, label=str(label), tasks=rows[:limit], more=len(rows) > limit)
        )
    return columns


@dataclass
class TaskPage:
    items: list[Task]
    next_cursor: str | None


def _decode(cursor: str) -> tuple[date, int] | None:
    after = keyset.decode(cursor, str, int)
    if after is None:
        return None
    try:
        return date.fromisoformat(after[0]), after[1]
    except ValueError:
        return None


def task_list(
    actor: Actor,
    *,
    workspace: Workspace | None = None,
    status: str = "",
    mine: bool = False,
    overdue: bool = False,
    cursor: str = "",
    limit: int = PAGE_SIZE,
    today: date | None = None,
) -> TaskPage:
    """Tasks the actor may read (of one workspace, or all), soonest due first (no due date
    last), filtered by ``status``, assigned to the actor (``mine``) or ``overdue`` (due before
    today and not done)."""
    today = today or timezone.localdate()
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    qs = readable_tasks(actor).annotate(due_sort=Coalesce("due_date", Value(NO_DUE_DATE)))
    if workspace is not None:
        qs = qs.filter(workspace=workspace)
    if status in Status.values:
        qs = qs.filter(status=status)
    if mine:
        qs = qs.filter(assignee_id=actor.user_id)
    if overdue:
        qs = qs.filter(due_date__lt=today).exclude(status=Status.DONE)
    after = _decode(cursor)
    if after is not None:
        due, pk = after
        qs = qs.filter(Q(due_sort__gt=due) | Q(due_sort=due, id__gt=pk))
    items = [with_role(t) for t in qs.order_by("due_sort", "id")[: limit + 1]]
    next_cursor = None
    if len(items) > limit:
        items = items[:limit]
        last = items[-1]
        next_cursor = keyset.encode(last.due_sort.isoformat(), last.pk)  # type: ignore[attr-defined]
    return TaskPage(items=items, next_cursor=next_cursor)


def my_open_tasks(actor: Actor, *, limit: int = PAGE_SIZE) -> list[Task]:
    """What the actor has taken on and not finished, soonest due first, in every workspace
    they may still read."""
    qs = (
        readable_tasks(actor)
        .filter(assignee_id=actor.user_id)
        .exclude(status=Status.DONE)
        .annotate(due_sort=Coalesce("due_date", Value(NO_DUE_DATE)))
    )
    return [with_role(t) for t in qs.order_by("due_sort", "id")[:limit]]


def member_choices(workspace: Workspace, actor: Actor) -> list[Any]:
    """The people a task of the workspace can be assigned to: its members who are still in
    the scope, by name (one query)."""
    rows = (
        WorkspaceMember.objects.filter(workspace=workspace)
        .filter(actor.scope.includes("user_id"))
        .select_related("user")
        .order_by("user__display_name", "id")[:MEMBER_CHOICES_LIMIT]
    )
    return [row.user for row in rows]

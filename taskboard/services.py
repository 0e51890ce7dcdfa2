"""Everything that changes tasks: create, edit, take on ("Ich übernehme das"), hand back, move
between the board's columns, delete; the checklist; the overdue reminders.

Each function takes the acting ``Actor`` (keyword-only), runs in one transaction, checks the
rules below against freshly read (and locked) rows and raises ``TaskError`` with a message that
web, API and admin show as it is; a refused or invalid change leaves every row as it was.

The rules: members of the workspace create tasks and take on unassigned ones; a task is
changed or deleted by whoever created it, whoever it is assigned to and the workspace's
managers (its admins or owner) and the scope's moderators. Intranet guests read only. An
assignee must be a member of the workspace who is still in the scope; they are told when
someone else assigns them. Notifications go out after commit.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name

from config.domain import DomainError
from notifications.services import notify
from taskboard.models import (
    CHECKLIST_MAX,
    DESCRIPTION_MAX,
    ITEM_MAX,
    TITLE_MAX,
    ChecklistItem,
    Status,
    Task,
)
from taskboard.selectors import readable_tasks, with_role
from tenants.db import connection
from workspaces import permissions as perms
from workspaces.markdown import render_markdown
from workspaces.models import Visibility, Workspace, WorkspaceMember
from workspaces.permissions import Actor, Scope
from workspaces.scopes import INTRANET, NETWORK
from workspaces.selectors import role_subquery

REMINDER_BATCH = 200


class TaskError(DomainError):
    pass


def _scope() -> Scope:
    """The scope of the schema we run in (Celery tasks have no request to ask)."""
    return NETWORK if connection.schema_name == get_public_schema_name() else INTRANET


def board_path(workspace: Workspace) -> str:
    prefix = "boxen" if _scope() is NETWORK else "gruppen"
    return f"/{prefix}/{workspace.slug}/aufgaben/"


def task_path(task: Task) -> str:
    """Where a task lives on its host (also the link in notifications)."""
    return f"{board_path(task.workspace)}{task.public_id}/"


def _not_found() -> TaskError:
    return TaskError(_("Diese Aufgabe gibt es nicht."), code="not_found")


def _forbidden(message: str) -> TaskError:
    return TaskError(message, code="forbidden")


def _fresh_task(actor: Actor, task: Task) -> Task:
    """The task as it is now, locked, if the actor may still read it (404 otherwise)."""
    fresh = readable_tasks(actor).select_for_update(of=("self",)).filter(pk=task.pk).first()
    if fresh is None:
        raise _not_found()
    return with_role(fresh)


def _fresh_workspace(actor: Actor, workspace: Workspace) -> Workspace:
    fresh = (
        Workspace.objects.annotate(my_role=role_subquery(actor, "pk"))
        .filter(pk=workspace.pk)
        .first()
    )
    if fresh is None or not perms.can_see_workspace(actor, fresh):
        raise TaskError(_("Diese Gruppe gibt es nicht."), code="not_found")
    return fresh


# --- Rules -----------------------------------------------------------------------------------


def _is_member(actor: Actor, workspace: Workspace) -> bool:
    return perms.role_in(workspace) is not None


def can_create_task(actor: Actor, workspace: Workspace) -> bool:
    """Members who may write (moderators too) add tasks to the workspace's board."""
    return actor.can_write and (_is_member(actor, workspace) or actor.is_moderator)


def can_edit_task(actor: Actor, task: Task) -> bool:
    """The task's creator and its assignee while they belong to the workspace; its managers;
    the scope's moderators."""
    if not actor.can_write:
        return False
    if perms.can_manage_workspace(actor, task.workspace):
        return True
    own = actor.user_id in (task.created_by_id, task.assignee_id)
    return own and _is_member(actor, task.workspace)


def can_take_task(actor: Actor, task: Task) -> bool:
    """ "Ich übernehme das": a member takes on a task nobody has taken yet."""
    return (
        actor.can_write
        and _is_member(actor, task.workspace)
        and task.assignee_id is None
        and task.status != Status.DONE
    )


def can_release_task(actor: Actor, task: Task) -> bool:
    return task.assignee_id is not None and (
        (actor.can_write and task.assignee_id == actor.user_id) or can_edit_task(actor, task)
    )


def refuse_edit(actor: Actor) -> TaskError:
    if not actor.can_write:
        return _forbidden(_("Du kannst die Aufgaben hier sehen, aber nichts ändern."))
    return _forbidden(
        _(
            "Diese Aufgabe ändern nur, wer sie angelegt hat, wer sie übernommen hat, "
            "und die Admins der Gruppe."
        )
    )


# --- Input -----------------------------------------------------------------------------------


def _clean_fields(*, title: str, description: str, due_date: date | None) -> dict[str, Any]:
    title = (title or "").strip()
    if not title or len(title) > TITLE_MAX:
        raise TaskError(_("Der Titel braucht 1 bis 200 Zeichen."), field="title")
    description = (description or "").replace("\r\n", "\n").strip()
    if len(description) > DESCRIPTION_MAX:
        raise TaskError(
            _("Die Beschreibung darf höchstens 10.000 Zeichen lang sein."), field="description"
        )
    if due_date is not None and isinstance(due_date, datetime):
        due_date = due_date.date()
    if due_date is not None and not (date(2000, 1, 1) <= due_date <= date(2999, 12, 31)):
        raise TaskError(_("Bitte gib ein gültiges Fälligkeitsdatum an."), field="due_date")
    return {
        "title": title,
        "description": description,
        "description_html": render_markdown(description),
        "due_date": due_date,
    }


def _assignee_id(actor: Actor, workspace: Workspace, assignee: Any) -> int | None:
    """The user id of a valid assignee: a member of the workspace who is still in the scope."""
    if assignee is None or assignee == "":
        return None
    user_id = getattr(assignee, "pk", assignee)
    is_member = (
        WorkspaceMember.objects.filter(workspace=workspace, user_id=user_id)
        .filter(actor.scope.includes("user_id"))
        .exists()
    )
    if not is_member:
        raise TaskError(
            _("Aufgaben kannst du nur Mitgliedern dieser Gruppe zuweisen."), field="assignee"
        )
    return int(user_id)


def _tell_assignee(actor: Actor, task: Task) -> None:
    """The new assignee hears of it, unless they assigned themselves."""
    if task.assignee_id is None or task.assignee_id == actor.user_id:
        return
    user_ids = [task.assignee_id]
    title = _("%(name)s hat dir die Aufgabe „%(title)s“ zugewiesen.") % {
        "name": actor.user.name,
        "title": task.title,
    }
    url = task_path(task)
    transaction.on_commit(
        lambda: notify(user_ids=user_ids, verb="task.assigned", title=title, url=url)
    )


def _next_position(workspace: Workspace, status: str) -> int:
    top = Task.objects.filter(workspace=workspace, status=status).aggregate(p=Max("position"))
    return int(top["p"] or 0) + 1


# --- Tasks -----------------------------------------------------------------------------------


@transaction.atomic
def create_task(
    *,
    actor: Actor,
    workspace: Workspace,
    title: str,
    description: str = "",
    assignee: Any = None,
    due_date: date | None = None,
) -> Task:
    """A new open task at the end of the board's first column."""
    workspace = _fresh_workspace(actor, workspace)
    if not can_create_task(actor, workspace):
        if not actor.can_write:
            raise _forbidden(_("Du kannst die Aufgaben hier sehen, aber keine anlegen."))
        raise _forbidden(_("Aufgaben in dieser Gruppe legen ihre Mitglieder an."))
    fields = _clean_fields(title=title, description=description, due_date=due_date)
    assignee_id = _assignee_id(actor, workspace, assignee)
    task = Task.objects.create(
        workspace=workspace,
        created_by_id=actor.user_id,
        assignee_id=assignee_id,
        position=_next_position(workspace, Status.OPEN),
        **fields,
    )
    _tell_assignee(actor, task)
    return task


@transaction.atomic
def update_task(
    *,
    actor: Actor,
    task: Task,
    title: str,
    description: str,
    assignee: Any,
    due_date: date | None,
) -> Task:
    """Change a task's text, assignee and due date. A new due date is reminded of again."""
    task = _fresh_task(actor, task)
    if not can_edit_task(actor, task):
        raise refuse_edit(actor)
    fields = _clean_fields(title=title, description=description, due_date=due_date)
    assignee_id = _assignee_id(actor, task.workspace, assignee)
    reassigned = assignee_id != task.assignee_id
    if fields["due_date"] != task.due_date or reassigned:
        task.reminded_at = None
    for name, value in fields.items():
        setattr(task, name, value)
    task.assignee_id = assignee_id
    task.save()
    if reassigned:
        _tell_assignee(actor, task)
    return task


@transaction.atomic
def take_task(*, actor: Actor, task: Task) -> Task:
    """ "Ich übernehme das": the actor becomes the assignee of a task nobody has taken."""
    task = _fresh_task(actor, task)
    if not actor.can_write:
        raise refuse_edit(actor)
    if not _is_member(actor, task.workspace):
        raise _forbidden(_("Aufgaben übernehmen die Mitglieder der Gruppe."))
    if task.status == Status.DONE:
        raise TaskError(_("Diese Aufgabe ist schon erledigt."), code="conflict")
    if task.assignee_id == actor.user_id:
        return task
    if task.assignee is not None:
        raise TaskError(
            _("%(name)s hat diese Aufgabe schon übernommen.") % {"name": task.assignee.name},
            code="conflict",
        )
    task.assignee_id = actor.user_id
    task.reminded_at = None
    task.save(update_fields=["assignee", "reminded_at", "updated_at"])
    return task


@transaction.atomic
def release_task(*, actor: Actor, task: Task) -> Task:
    """Hand a task back: nobody is assigned any more (the assignee, or whoever may edit it)."""
    task = _fresh_task(actor, task)
    if not actor.can_write:
        raise refuse_edit(actor)
    if task.assignee_id is None:
        return task
    if not can_release_task(actor, task):
        raise refuse_edit(actor)
    task.assignee_id = None
    task.save(update_fields=["assignee", "updated_at"])
    return task


@transaction.atomic
def set_status(*, actor: Actor, task: Task, status: str) -> Task:
    """Move a task to another column of the board (to its end); done records when."""
    task = _fresh_task(actor, task)
    if not can_edit_task(actor, task):
        raise refuse_edit(actor)
    if status not in Status.values:
        raise TaskError(_("Bitte wähle Offen, In Arbeit oder Erledigt."), field="status")
    if status == task.status:
        return task
    task.status = status
    task.position = _next_position(task.workspace, status)
    task.completed_at = timezone.now() if status == Status.DONE else None
    task.save(update_fields=["status", "position", "completed_at", "updated_at"])
    return task


@transaction.atomic
def delete_task(*, actor: Actor, task: Task) -> None:
    task = _fresh_task(actor, task)
    if not can_edit_task(actor, task):
        raise refuse_edit(actor)
    task.delete()


# --- Checklist -------------------------------------------------------------------------------


def _item(task: Task, item_id: int | str) -> ChecklistItem:
    try:
        pk = int(item_id)
    except (TypeError, ValueError):
        pk = 0
    item = ChecklistItem.objects.select_for_update().filter(task=task, pk=pk).first()
    if item is None:
        raise TaskError(_("Diesen Punkt gibt es nicht (mehr)."), code="not_found")
    return item


@transaction.atomic
def add_checklist_item(*, actor: Actor, task: Task, text: str) -> ChecklistItem:
    task = _fresh_task(actor, task)
    if not can_edit_task(actor, task):
        raise refuse_edit(actor)
    text = (text or "").strip()
    if not text or len(text) > ITEM_MAX:
        raise TaskError(_("Ein Punkt braucht 1 bis 300 Zeichen."), field="text")
    if task.checklist_total >= CHECKLIST_MAX:
        raise TaskError(_("Eine Checkliste hat höchstens 50 Punkte."), field="text")
    top = ChecklistItem.objects.filter(task=task).aggregate(p=Max("position"))
    item = ChecklistItem.objects.create(task=task, text=text, position=int(top["p"] or 0) + 1)
    Task.objects.filter(pk=task.pk).update(
        checklist_total=F("checklist_total") + 1, updated_at=timezone.now()
    )
    return item


@transaction.atomic
def toggle_checklist_item(*, actor: Actor, task: Task, item_id: int | str) -> ChecklistItem:
    task = _fresh_task(actor, task)
    if not can_edit_task(actor, task):
        raise refuse_edit(actor)
    item = _item(task, item_id)
    item.done = not item.done
    item.save(update_fields=["done"])
    Task.objects.filter(pk=task.pk).update(
        checklist_done=F("checklist_done") + (1 if item.done else -1), updated_at=timezone.now()
    )
    return item


@transaction.atomic
def remove_checklist_item(*, actor: Actor, task: Task, item_id: int | str) -> None:
    task = _fresh_task(actor, task)
    if not can_edit_task(actor, task):
        raise refuse_edit(actor)
    item = _item(task, item_id)
    item.delete()
    Task.objects.filter(pk=task.pk).update(
        checklist_total=F("checklist_total") - 1,
        checklist_done=F("checklist_done") - (1 if item.done else 0),
        updated_at=timezone.now(),
    )


# --- Overdue reminders -----------------------------------------------------------------------


def send_overdue_reminders(*, today: date | None = None) -> int:
    """Remind each assignee of their tasks that are past due and not done: once per task and
    due date (``reminded_at``; a new due date or assignee clears it). Safe to run often and in
    parallel (rows are claimed with SKIP LOCKED). Runs in the current schema; only assignees
    who may still read the task (in the scope, and in the workspace if it is not open) hear
    of it. Returns how many reminders went out."""
    today = today or timezone.localdate()
    sent = 0
    while True:
        batch = _remind_batch(today)
        if batch < 0:
            return sent
        sent += batch


@transaction.atomic
def _remind_batch(today: date) -> int:
    """One batch: -1 when nothing was left to claim."""
    rows = list(
        Task.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("workspace")
        .filter(
            due_date__lt=today,
            assignee__isnull=False,
            reminded_at__isnull=True,
        )
        .exclude(status=Status.DONE)
        .order_by("id")[:REMINDER_BATCH]
    )
    if not rows:
        return -1
    # Claimed either way, so people who may no longer read the task are not asked again.
    Task.objects.filter(pk__in=[t.pk for t in rows]).update(reminded_at=timezone.now())
    scope = _scope()
    in_scope = set(
        scope.people()
        .filter(**{f"{scope.person_field}__in": {t.assignee_id for t in rows}})
        .values_list(scope.person_field, flat=True)
    )
    members = set(
        WorkspaceMember.objects.filter(
            workspace_id__in={t.workspace_id for t in rows},
            user_id__in={t.assignee_id for t in rows},
        ).values_list("workspace_id", "user_id")
    )
    sent = 0
    for task in rows:
        readable = task.workspace.visibility == Visibility.OPEN or (
            (task.workspace_id, task.assignee_id) in members
        )
        if task.assignee_id is None or task.assignee_id not in in_scope or not readable:
            continue
        title = _("Überfällig seit %(date)s: „%(title)s“") % {
            "date": task.due_date.strftime("%d.%m.%Y") if task.due_date else "",
            "title": task.title,
        }
        sent += notify(
            user_ids=[task.assignee_id], verb="task.overdue", title=title, url=task_path(task)
        )
    return sent

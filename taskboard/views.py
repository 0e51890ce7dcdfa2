"""Web pages for tasks: a workspace's board (columns Offen / In Arbeit / Erledigt) and list, a
task with its checklist, create and edit, and the forms that take on, hand back, move and
delete a task. The same views serve intranet groups (/gruppen/<slug>/aufgaben/) and citizen
boxes on the network (/boxen/<slug>/aufgaben/); every action is a plain form POST, so the board
works without JavaScript.

HTTP only: find the actor, fetch what they may read (404 for missing and not-yours alike, and
for a workspace whose content is for its members: a box's tasks, like its posts), call a
service, render or redirect. The rules live in taskboard/services.py.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.domain import DomainError
from config.forms import posted
from taskboard import selectors, services
from taskboard.forms import TaskForm
from taskboard.models import Status, Task
from workspaces import permissions as perms
from workspaces.models import Workspace
from workspaces.permissions import Actor
from workspaces.web import STATUS, actor_required, render_in_scope
from workspaces.web import workspace_or_404 as _visible_workspace


def _workspace_or_404(request: HttpRequest, actor: Actor, slug: str) -> Workspace:
    """The workspace, if the actor may read its content (impulse boxes and friend circles alike
    on the network, groups on an intranet)."""
    workspace = _visible_workspace(actor, slug)
    if not perms.can_read_workspace(actor, workspace):
        raise Http404
    return workspace


def _task_or_404(actor: Actor, workspace: Workspace, public_id: UUID) -> Task:
    task = selectors.task_for(actor, public_id, workspace=workspace)
    if task is None:
        raise Http404
    return task


def _refused(request: HttpRequest, workspace: Workspace, message: str, status: int) -> HttpResponse:
    """A clear answer for a refused action (nothing was changed), with the way back."""
    return render_in_scope(
        request,
        "workspaces/refused.html",
        {
            "message": message,
            "back_url": reverse("taskboard:board", kwargs={"slug": workspace.slug}),
            "back_label": _("Zurück zu den Aufgaben"),
        },
        status=status,
    )


def _back(request: HttpRequest, task: Task) -> HttpResponse:
    """Back where the form was (the board, the list or the task), else to the task."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("taskboard:task", slug=task.workspace.slug, public_id=task.public_id)


def _common(actor: Actor, workspace: Workspace) -> dict[str, Any]:
    return {
        "actor": actor,
        "workspace": workspace,
        "is_box": actor.scope.kind == "network",
        "can_create": services.can_create_task(actor, workspace),
        "statuses": Status.choices,
        "today": timezone.localdate(),
    }


# --- Board and list --------------------------------------------------------------------------


_ANY_TASK = "00000000-0000-0000-0000-000000000000"


def _card_links(workspace: Workspace) -> dict[str, str]:
    """A card's three addresses, reversed once per page with a stand-in id: a board of 60 cards
    otherwise reverses 180 routes, a fifth of its time (docs/benchmarks.md, boxes)."""
    kwargs = {"slug": workspace.slug, "public_id": _ANY_TASK}
    return {
        name: reverse(f"taskboard:{name}", kwargs=kwargs) for name in ("task", "take", "status")
    }


@actor_required
@require_GET
def board(request: HttpRequest, actor: Actor, slug: str) -> HttpResponse:
    workspace = _workspace_or_404(request, actor, slug)
    columns = selectors.board(actor, workspace)
    links = _card_links(workspace)
    for column in columns:  # what each card offers (no queries: the rows carry the role)
        for task in column.tasks:
            task.can_edit = services.can_edit_task(actor, task)  # type: ignore[attr-defined]
            task.can_take = services.can_take_task(actor, task)  # type: ignore[attr-defined]
            task.links = {  # type: ignore[attr-defined]
                name: link.replace(_ANY_TASK, str(task.public_id)) for name, link in links.items()
            }
    context = {**_common(actor, workspace), "columns": columns}
    return render_in_scope(request, "taskboard/board.html", context)


@actor_required
@require_GET
def task_list(request: HttpRequest, actor: Actor, slug: str) -> HttpResponse:
    workspace = _workspace_or_404(request, actor, slug)
    status = request.GET.get("status", "")
    mine = request.GET.get("meine") == "1"
    overdue = request.GET.get("ueberfaellig") == "1"
    page = selectors.task_list(
        actor,
        workspace=workspace,
        status=status if status in Status.values else "",
        mine=mine,
        overdue=overdue,
        cursor=request.GET.get("nach", ""),
    )
    query = request.GET.copy()
    query.pop("nach", None)
    context = {
        **_common(actor, workspace),
        "page": page,
        "status": status,
        "mine": mine,
        "overdue": overdue,
        "query": query.urlencode(),
    }
    return render_in_scope(request, "taskboard/list.html", context)


# --- One task --------------------------------------------------------------------------------


def _detail(
    request: HttpRequest, actor: Actor, task: Task, *, status: int = 200, error: str = ""
) -> HttpResponse:
    context = {
        **_common(actor, task.workspace),
        "task": task,
        "checklist": selectors.checklist_of(task),
        "can_edit": services.can_edit_task(actor, task),
        "can_take": services.can_take_task(actor, task),
        "can_release": services.can_release_task(actor, task),
        "error": error,
    }
    return render_in_scope(request, "taskboard/task.html", context, status=status)


@actor_required
@require_GET
def task_detail(request: HttpRequest, actor: Actor, slug: str, public_id: UUID) -> HttpResponse:
    workspace = _workspace_or_404(request, actor, slug)
    return _detail(request, actor, _task_or_404(actor, workspace, public_id))


def _form_page(
    request: HttpRequest,
    actor: Actor,
    form: TaskForm,
    *,
    workspace: Workspace,
    task: Task | None = None,
    status: int = 200,
) -> HttpResponse:
    return render_in_scope(
        request,
        "taskboard/task_form.html",
        {**_common(actor, workspace), "form": form, "task": task},
        status=status,
    )


@actor_required
@require_http_methods(["GET", "POST"])
def task_create(request: HttpRequest, actor: Actor, slug: str) -> HttpResponse:
    workspace = _workspace_or_404(request, actor, slug)
    if not services.can_create_task(actor, workspace):
        message = (
            _("Du kannst die Aufgaben hier sehen, aber keine anlegen.")
            if not actor.can_write
            else _("Aufgaben in dieser Gruppe legen ihre Mitglieder an.")
        )
        return _refused(request, workspace, message, 403)
    members = selectors.member_choices(workspace, actor)
    form = TaskForm(posted(request), members=members)
    if request.method != "POST":
        return _form_page(request, actor, form, workspace=workspace)
    if not form.is_valid():
        return _form_page(request, actor, form, workspace=workspace, status=400)
    try:
        task = services.create_task(actor=actor, workspace=workspace, **form.values())
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _form_page(
            request, actor, form, workspace=workspace, status=STATUS.get(exc.code, 400)
        )
    messages.success(
        request, _("Die Aufgabe „%(title)s“ steht auf dem Board.") % {"title": task.title}
    )
    return redirect("taskboard:board", slug=workspace.slug)


@actor_required
@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, actor: Actor, slug: str, public_id: UUID) -> HttpResponse:
    workspace = _workspace_or_404(request, actor, slug)
    task = _task_or_404(actor, workspace, public_id)
    if not services.can_edit_task(actor, task):
        return _refused(request, workspace, services.refuse_edit(actor).message, 403)
    members = selectors.member_choices(workspace, actor)
    if request.method != "POST":
        form = TaskForm(initial=TaskForm.initial_for(task), members=members)
        return _form_page(request, actor, form, workspace=workspace, task=task)
    form = TaskForm(request.POST, members=members)
    if not form.is_valid():
        return _form_page(request, actor, form, workspace=workspace, task=task, status=400)
    try:
        services.update_task(actor=actor, task=task, **form.values())
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _form_page(
            request, actor, form, workspace=workspace, task=task, status=STATUS.get(exc.code, 400)
        )
    messages.success(request, _("Die Aufgabe ist geändert."))
    return redirect("taskboard:task", slug=workspace.slug, public_id=task.public_id)


def _act(
    request: HttpRequest, actor: Actor, slug: str, public_id: UUID, change: Any, done: str
) -> HttpResponse:
    """Run one change on the task; a refusal is shown on the task's page (nothing changed)."""
    workspace = _workspace_or_404(request, actor, slug)
    task = _task_or_404(actor, workspace, public_id)
    try:
        change(task)
    except DomainError as exc:
        status = STATUS.get(exc.code, 400)
        fresh = selectors.task_for(actor, public_id, workspace=workspace)
        if fresh is None:
            raise Http404 from exc
        return _detail(request, actor, fresh, status=status, error=exc.message)
    if done:
        messages.success(request, done)
    return _back(request, task)


@actor_required
@require_POST
def task_take(request: HttpRequest, actor: Actor, slug: str, public_id: UUID) -> HttpResponse:
    return _act(
        request, actor, slug, public_id,
        lambda task: services.take_task(actor=actor, task=task),
        _("Danke! Die Aufgabe gehört jetzt dir."),
    )  # fmt: skip


@actor_required
@require_POST
def task_release(request: HttpRequest, actor: Actor, slug: str, public_id: UUID) -> HttpResponse:
    return _act(
        request, actor, slug, public_id,
        lambda task: services.release_task(actor=actor, task=task),
        _("Die Aufgabe ist wieder frei."),
    )  # fmt: skip


@actor_required
@require_POST
def task_status(request: HttpRequest, actor: Actor, slug: str, public_id: UUID) -> HttpResponse:
    status = request.POST.get("status", "")
    return _act(
        request, actor, slug, public_id,
        lambda task: services.set_status(actor=actor, task=task, status=status),
        "",
    )  # fmt: skip


@actor_required
@require_POST
def task_delete(request: HttpRequest, actor: Actor, slug: str, public_id: UUID) -> HttpResponse:
    workspace = _workspace_or_404(request, actor, slug)
    task = _task_or_404(actor, workspace, public_id)
    try:
        services.delete_task(actor=actor, task=task)
    except DomainError as exc:
        return _detail(request, actor, task, status=STATUS.get(exc.code, 400), error=exc.message)
    messages.success(request, _("Die Aufgabe ist gelöscht."))
    return redirect("taskboard:board", slug=workspace.slug)


# --- Checklist -------------------------------------------------------------------------------


@actor_required
@require_POST
def checklist_add(request: HttpRequest, actor: Actor, slug: str, public_id: UUID) -> HttpResponse:
    text = request.POST.get("text", "")
    return _act(
        request, actor, slug, public_id,
        lambda task: services.add_checklist_item(actor=actor, task=task, text=text),
        "",
    )  # fmt: skip


@actor_required
@require_POST
def checklist_toggle(
    request: HttpRequest, actor: Actor, slug: str, public_id: UUID, item: int
) -> HttpResponse:
    return _act(
        request, actor, slug, public_id,
        lambda task: services.toggle_checklist_item(actor=actor, task=task, item_id=item),
        "",
    )  # fmt: skip


@actor_required
@require_POST
def checklist_remove(
    request: HttpRequest, actor: Actor, slug: str, public_id: UUID, item: int
) -> HttpResponse:
    return _act(
        request, actor, slug, public_id,
        lambda task: services.remove_checklist_item(actor=actor, task=task, item_id=item),
        "",
    )  # fmt: skip

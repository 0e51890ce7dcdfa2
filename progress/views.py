"""Web pages of the progress log: a workspace's log with the form to write an entry, the choice
of what the impulse page shows, deleting, and the photos (served after the same check as the
log). The same views serve intranet groups (/gruppen/<slug>/fortschritt/) and citizen boxes
(/boxen/<slug>/fortschritt/); on the network only boxes have a log, and only their members
read it. HTTP only; the rules are progress/services.py's."""

from __future__ import annotations

from typing import cast
from uuid import UUID

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from config.domain import DomainError
from progress import selectors, services
from progress.forms import EntryForm
from progress.models import ProgressEntry
from workspaces import permissions as perms
from workspaces.models import Workspace
from workspaces.permissions import Actor
from workspaces.web import STATUS, actor_required, render_in_scope
from workspaces.web import workspace_or_404 as _visible_workspace


def _workspace_or_404(actor: Actor, slug: str) -> Workspace:
    workspace = _visible_workspace(actor, slug)
    if not perms.can_read_workspace(actor, workspace):
        raise Http404
    if actor.scope.kind == "network" and not hasattr(workspace, "impulse"):
        raise Http404
    return workspace


def _entry_or_404(workspace: Workspace, public_id: UUID) -> ProgressEntry:
    entry = selectors.entry_for(workspace, public_id)
    if entry is None:
        raise Http404
    entry.workspace = workspace  # carries the reader's role (my_role)
    return entry


def _log_page(
    request: HttpRequest,
    actor: Actor,
    workspace: Workspace,
    form: EntryForm | None = None,
    *,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    may_choose = services.can_choose_shown(actor, workspace)
    page = selectors.log_page(workspace, cursor=request.GET.get("nach", ""))
    for entry in page.items:  # no queries: the workspace carries the reader's role
        entry.workspace = workspace
        entry.can_delete = services.can_delete_entry(actor, entry)  # type: ignore[attr-defined]
    context = {
        "actor": actor,
        "workspace": workspace,
        "is_box": actor.scope.kind == "network",
        "page": page,
        "can_write": services.can_write_entry(actor, workspace),
        "may_choose": may_choose,
        "form": form or EntryForm(may_choose=may_choose),
        "error": error,
    }
    return render_in_scope(request, "progress/log.html", context, status=status)


@actor_required
@require_GET
def log(request: HttpRequest, actor: Actor, slug: str) -> HttpResponse:
    return _log_page(request, actor, _workspace_or_404(actor, slug))


@actor_required
@require_POST
def create(request: HttpRequest, actor: Actor, slug: str) -> HttpResponse:
    workspace = _workspace_or_404(actor, slug)
    if not services.can_write_entry(actor, workspace):
        return _log_page(
            request,
            actor,
            workspace,
            status=403,
            error=_("Fortschritte schreiben die Mitglieder dieser Box oder Gruppe."),
        )
    may_choose = services.can_choose_shown(actor, workspace)
    form = EntryForm(request.POST, request.FILES, may_choose=may_choose)
    if not form.is_valid():
        return _log_page(request, actor, workspace, form, status=400)
    try:
        services.write_entry(actor=actor, workspace=workspace, **form.values())
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _log_page(request, actor, workspace, form, status=STATUS.get(exc.code, 400))
    messages.success(request, _("Dein Fortschritt steht im Protokoll."))
    return redirect("progress:log", slug=workspace.slug)


@actor_required
@require_POST
def choose(request: HttpRequest, actor: Actor, slug: str, public_id: UUID) -> HttpResponse:
    workspace = _workspace_or_404(actor, slug)
    entry = _entry_or_404(workspace, public_id)
    shown = request.POST.get("zeigen") == "1"
    try:
        services.choose_shown(actor=actor, entry=entry, shown=shown)
    except DomainError as exc:
        return _log_page(
            request, actor, workspace, status=STATUS.get(exc.code, 400), error=exc.message
        )
    messages.success(
        request,
        _("Die Impulsseite zeigt diesen Eintrag.")
        if shown
        else _("Die Impulsseite zeigt diesen Eintrag nicht mehr."),
    )
    return redirect("progress:log", slug=workspace.slug)


@actor_required
@require_POST
def delete(request: HttpRequest, actor: Actor, slug: str, public_id: UUID) -> HttpResponse:
    workspace = _workspace_or_404(actor, slug)
    entry = _entry_or_404(workspace, public_id)
    try:
        services.delete_entry(actor=actor, entry=entry)
    except DomainError as exc:
        return _log_page(
            request, actor, workspace, status=STATUS.get(exc.code, 400), error=exc.message
        )
    messages.success(request, _("Der Eintrag ist gelöscht."))
    return redirect("progress:log", slug=workspace.slug)


def photo_response(entry: ProgressEntry | None) -> HttpResponse:
    """An entry's photo, for a reader who was checked; 404 when there is none. (Typed as an
    HttpResponse for the view decorators; a streamed FileResponse serves the same way.)"""
    if entry is None or not entry.photo:
        raise Http404
    try:
        handle = entry.photo.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return cast(HttpResponse, response)


@actor_required
@require_GET
def photo(request: HttpRequest, actor: Actor, slug: str, public_id: UUID) -> HttpResponse:
    workspace = _workspace_or_404(actor, slug)
    return photo_response(selectors.entry_for(workspace, public_id))

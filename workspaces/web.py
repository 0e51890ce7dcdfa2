"""What every workspace building block's pages share (groups and feed, events, discussions,
documents): the actor of the request, the base template of the scope, a refusal page and the
workspace lookup. One place, so the blocks' views stay about their own rules."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from intranet.permissions import member_required
from tenants.models import Role
from workspaces import selectors
from workspaces.models import Workspace
from workspaces.permissions import Actor, can_read_workspace
from workspaces.scopes import actor_for

# HTTP status for a DomainError's code on a page.
STATUS = {"forbidden": 403, "not_found": 404, "conflict": 409, "rate_limited": 429}

View = Callable[..., HttpResponse]


def actor_required(view: View) -> View:
    """Anonymous → login; on an intranet, not a member → 404; the actor goes to the view."""

    @wraps(view)
    def with_actor(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        actor = actor_for(request)
        if actor is None:
            raise Http404
        return view(request, actor, *args, **kwargs)

    on_intranet = member_required(Role.GUEST)(with_actor)
    on_network = login_required(with_actor)

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        tenant = getattr(request, "tenant", None)
        chosen = on_network if tenant is None or tenant.is_public else on_intranet
        return chosen(request, *args, **kwargs)

    return wrapped


def render_in_scope(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Render with the scope's base template (the network's or the intranet's)."""
    tenant = getattr(request, "tenant", None)
    base = "base.html" if tenant is None or tenant.is_public else "intranet/base.html"
    return render(request, template, {"base_template": base, **context}, status=status)


def refused(
    request: HttpRequest,
    message: str,
    *,
    back: str = "workspaces:feed",
    back_label: str = "",
    status: int = 403,
) -> HttpResponse:
    """A clear answer for a refused action (nothing was changed), with a way back."""
    try:
        back_url = reverse(back)
    except NoReverseMatch:
        back_url = "/"
    return render_in_scope(
        request,
        "workspaces/refused.html",
        {
            "message": message,
            "back_url": back_url,
            "back_label": back_label or _("Zurück zu den Neuigkeiten"),
        },
        status=status,
    )


def workspace_or_404(actor: Actor, slug: str) -> Workspace:
    workspace = selectors.workspace_for(actor, slug)
    if workspace is None:
        raise Http404
    return workspace


def tool_workspace_or_404(actor: Actor, slug: str) -> Workspace:
    """The workspace of a tool's page (calendar, documents, discussions). On the network a
    box's tools are for those who may read the box (its members; platform staff): everyone
    else gets 404, as for a box that does not exist. An intranet lists closed groups and says
    their content is for members, so there the page itself decides."""
    workspace = workspace_or_404(actor, slug)
    if actor.scope.kind == "network" and not can_read_workspace(actor, workspace):
        raise Http404
    return workspace


def in_box(actor: Actor, workspace: Workspace | None, slug: str | None) -> bool:
    """Whether an object of ``workspace`` was asked for at the right address: on the network
    under its own box (``slug`` from the route), on an intranet at the tool's own path."""
    if actor.scope.kind != "network":
        return slug is None
    return workspace is not None and workspace.slug == slug

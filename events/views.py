"""Web pages for events: the calendar (all events one may read, or one group's), an event with
its answers, create, edit, cancel, the .ics export and the personal calendar subscription.

HTTP only: find the actor, fetch what they may see (404 for missing and not-yours alike),
call a service, render or redirect. The rules live in events/services.py and the workspace
rules it calls.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.domain import DomainError
from events import selectors, services
from events.calendar import events_calendar, ics_response
from events.forms import EventForm
from events.models import Answer, Event
from tenants.models import absolute_url
from workspaces import permissions as perms
from workspaces.models import Workspace
from workspaces.permissions import Actor
from workspaces.scopes import intranet_actor, network_actor
from workspaces.tools import on_network, tool_url
from workspaces.web import STATUS, actor_required, in_box, refused, render_in_scope
from workspaces.web import tool_workspace_or_404 as _workspace_or_404


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render_in_scope(request, template, context, status)


def _refused(request: HttpRequest, message: str, status: int = 403) -> HttpResponse:
    return refused(
        request,
        message,
        back="events:calendar",
        back_label=_("Zurück zu den Terminen"),
        status=status,
    )


def _host(request: HttpRequest) -> str:
    """This host's name without the port (absolute_url adds the configured one)."""
    return request.get_host().rsplit(":", 1)[0]


def _event_or_404(actor: Actor, public_id: UUID, slug: str | None = None) -> Event:
    """The event if the actor may read it and it was asked for at its address (on the
    network: under its own box)."""
    event = selectors.event_for(actor, public_id)
    if event is None or not in_box(actor, event.workspace, slug):
        raise Http404
    return event


def _to_event(event: Event) -> HttpResponse:
    return redirect(tool_url("events:event", event.workspace, event.public_id))


# --- Calendar --------------------------------------------------------------------------------


def _calendar(request: HttpRequest, actor: Actor, workspace: Workspace | None) -> HttpResponse:
    readable = workspace is None or perms.can_read_workspace(actor, workspace)
    cursor = request.GET.get("nach", "")
    page = (
        selectors.upcoming_events(actor, workspace=workspace, cursor=cursor)
        if readable
        else selectors.EventPage(items=[], next_cursor=None)
    )
    context = {
        "actor": actor,
        "workspace": workspace,
        "page": page,
        "readable": readable,
        "can_create": services.can_create_event(actor, workspace),
        "is_box": actor.scope.kind == "network",
    }
    if request.htmx and cursor:  # type: ignore[attr-defined]
        return _render(request, "events/_more.html", context)
    return _render(request, "events/calendar.html", context)


@actor_required
@require_GET
def calendar(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Upcoming events of the organisation and of every group the visitor reads."""
    return _calendar(request, actor, None)


@actor_required
@require_GET
def group_calendar(request: HttpRequest, actor: Actor, slug: str) -> HttpResponse:
    return _calendar(request, actor, _workspace_or_404(actor, slug))


# --- One event -------------------------------------------------------------------------------


def _event_context(actor: Actor, event: Event) -> dict[str, Any]:
    return {
        "actor": actor,
        "event": event,
        "attendees": selectors.attendees_of(event),
        "can_edit": services.can_edit_event(actor, event),
        "can_answer": services.can_answer(actor, event),
        "answers": Answer.choices,
        "is_box": actor.scope.kind == "network",
    }


def _event_page(
    request: HttpRequest, actor: Actor, event: Event, *, status: int = 200, error: str = ""
) -> HttpResponse:
    context = {**_event_context(actor, event), "error": error}
    return _render(request, "events/event.html", context, status=status)


@actor_required
@require_GET
def event_detail(
    request: HttpRequest, actor: Actor, public_id: UUID, slug: str | None = None
) -> HttpResponse:
    return _event_page(request, actor, _event_or_404(actor, public_id, slug))


def _form_page(
    request: HttpRequest,
    form: EventForm,
    *,
    workspace: Workspace | None,
    event: Event | None = None,
    status: int = 200,
) -> HttpResponse:
    return _render(
        request,
        "events/event_form.html",
        {
            "form": form,
            "workspace": workspace,
            "event": event,
            "is_box": on_network(),
        },
        status=status,
    )


@actor_required
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest, actor: Actor, slug: str | None = None) -> HttpResponse:
    """A new event for the organisation, or (``?gruppe=<slug>``) for a group; on the network
    for the box of the route."""
    slug = slug or request.GET.get("gruppe", "")
    workspace = _workspace_or_404(actor, slug) if slug else None
    if not services.can_create_event(actor, workspace):
        return _refused(request, _("Hier darfst du keine Termine anlegen."))
    if request.method != "POST":
        return _form_page(request, EventForm(), workspace=workspace)
    form = EventForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, workspace=workspace, status=400)
    try:
        event = services.create_event(actor=actor, workspace=workspace, **form.values())
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _form_page(request, form, workspace=workspace, status=STATUS.get(exc.code, 400))
    messages.success(
        request, _("Der Termin „%(title)s“ steht im Kalender.") % {"title": event.title}
    )
    return _to_event(event)


@actor_required
@require_http_methods(["GET", "POST"])
def event_edit(
    request: HttpRequest, actor: Actor, public_id: UUID, slug: str | None = None
) -> HttpResponse:
    event = _event_or_404(actor, public_id, slug)
    if not services.can_edit_event(actor, event):
        return _refused(
            request, _("Diesen Termin ändern nur, wer ihn angelegt hat, und die Admins.")
        )
    if request.method != "POST":
        return _form_page(
            request, EventForm.for_event(event), workspace=event.workspace, event=event
        )
    form = EventForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, workspace=event.workspace, event=event, status=400)
    try:
        services.update_event(actor=actor, event=event, **form.values())
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _form_page(
            request, form, workspace=event.workspace, event=event, status=STATUS.get(exc.code, 400)
        )
    messages.success(request, _("Der Termin ist geändert."))
    return _to_event(event)


@actor_required
@require_POST
def event_cancel(
    request: HttpRequest, actor: Actor, public_id: UUID, slug: str | None = None
) -> HttpResponse:
    event = _event_or_404(actor, public_id, slug)
    try:
        services.cancel_event(actor=actor, event=event)
    except DomainError as exc:
        return _refused(request, exc.message, status=STATUS.get(exc.code, 400))
    messages.success(
        request, _("Der Termin ist abgesagt. Wer zugesagt hatte, wird benachrichtigt.")
    )
    return _to_event(event)


@actor_required
@require_POST
def event_answer(
    request: HttpRequest, actor: Actor, public_id: UUID, slug: str | None = None
) -> HttpResponse:
    """Yes, maybe or no; with htmx only the event's body (answer, places, who comes) is
    replaced."""
    event = _event_or_404(actor, public_id, slug)
    try:
        services.answer_event(actor=actor, event=event, answer=request.POST.get("answer", ""))
    except DomainError as exc:
        if request.htmx:  # type: ignore[attr-defined]
            return HttpResponse(exc.message, status=STATUS.get(exc.code, 400))
        return _event_page(
            request, actor, event, status=STATUS.get(exc.code, 400), error=exc.message
        )
    if request.htmx:  # type: ignore[attr-defined]
        # The answer, the counts and who comes, as they are now.
        fresh = _event_or_404(actor, public_id, slug)
        return _render(request, "events/_event_body.html", _event_context(actor, fresh))
    return _to_event(event)


@actor_required
@require_GET
def event_ics(
    request: HttpRequest, actor: Actor, public_id: UUID, slug: str | None = None
) -> HttpResponse:
    event = _event_or_404(actor, public_id, slug)
    content = events_calendar([event], name=event.title, host=_host(request))
    return ics_response(content, f"{event.public_id}.ics")


# --- Personal calendar subscription ----------------------------------------------------------


@actor_required
@require_http_methods(["GET", "POST"])
def subscription(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Make a new secret link (the old one stops working) or revoke it. The link is shown
    once, right after it was made: only its digest is stored. Guests subscribe too: reading
    their calendar changes nothing in the organisation."""
    feed_url = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.revoke_calendar_token(actor=actor)
            messages.success(request, _("Der Abo-Link ist widerrufen."))
            return redirect("events:subscription")
        token = services.renew_calendar_token(actor=actor)
        feed_url = absolute_url(_host(request), f"/termine/abo/{token}.ics")
    return _render(
        request,
        "events/subscription.html",
        {
            "actor": actor,
            "feed_url": feed_url,
            # webcal:// opens the subscription dialogue of the calendar app directly.
            "webcal_url": "webcal://" + feed_url.split("://", 1)[1] if feed_url else "",
            "has_token": bool(feed_url) or selectors.has_calendar_token(actor),
        },
    )


def _subscriber(request: HttpRequest, user: Any) -> Actor | None:
    """The token's owner as an actor of this host's scope, if they still belong to it."""
    if user is None or not user.is_active:
        return None
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.is_public:
        return network_actor(user)
    from intranet.models import Membership

    membership = Membership.objects.filter(user_id=user.pk, is_active=True).first()
    if membership is None:
        return None
    return intranet_actor(user, membership, tenant)


@require_GET
def subscription_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The personal feed: the token in the URL is the credential (calendar apps send no
    cookies). Wrong, revoked or former member's tokens: 404, as for a missing page."""
    actor = _subscriber(request, services.calendar_token_owner(token))
    if actor is None:
        raise Http404
    tenant = getattr(request, "tenant", None)
    name = _("Termine – %(name)s") % {"name": getattr(tenant, "name", "WeCreate")}
    content = events_calendar(selectors.subscription_events(actor), name=name, host=_host(request))
    return ics_response(content, "termine.ics")

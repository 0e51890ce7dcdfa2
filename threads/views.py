"""Web pages of the thread block: comment permalinks on every host; inside an organisation
replying, correcting, deleting and reacting (for every place that registers ``can_write``),
reporting a comment and the admins' moderation queue. HTTP only; the rules live in
threads/services.py, threads/moderation.py and in each place's hooks (threads/places.py)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from config.domain import DomainError
from config.forms import posted
from moderation.forms import DecisionForm, ReportForm
from threads import moderation
from threads import services as thread_services
from threads.models import Comment
from threads.places import place_of
from workspaces.permissions import Actor
from workspaces.scopes import actor_for
from workspaces.web import STATUS, actor_required, refused, render_in_scope


def _readable(actor: Actor | None, public_id: UUID) -> Comment:
    """A comment whose place the actor may read; 404 for missing and not-yours alike."""
    comment = Comment.objects.select_related("thread", "author").filter(public_id=public_id).first()
    if (
        comment is None
        or actor is None
        or not place_of(comment.thread.kind).can_read(actor, comment)
    ):
        raise Http404
    return comment


@require_safe
def permalink(request: HttpRequest, public_id: UUID) -> HttpResponse:
    tenant = getattr(request, "tenant", None)
    if tenant is not None and not tenant.is_public:
        return _intranet_permalink(request, public_id)
    actor = actor_for(request) if request.user.is_authenticated else None
    comment = Comment.objects.select_related("thread").filter(public_id=public_id).first()
    if comment is None or not place_of(comment.thread.kind).can_read(actor, comment):
        raise Http404
    return redirect(place_of(comment.thread.kind).link(comment))


@actor_required
def _intranet_permalink(request: HttpRequest, actor: Actor, public_id: UUID) -> HttpResponse:
    comment = _readable(actor, public_id)
    return redirect(place_of(comment.thread.kind).link(comment))


@actor_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, actor: Actor, public_id: UUID) -> HttpResponse:
    """A member reports a comment to the organisation's admins."""
    comment = _readable(actor, public_id)
    form = ReportForm(posted(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                moderation.report_comment(
                    actor=actor,
                    comment=comment,
                    reason=form.cleaned_data["reason"],
                    text=form.cleaned_data["text"],
                )
            except DomainError as exc:
                if exc.code == "not_found":
                    raise Http404 from exc
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = STATUS.get(exc.code, 400)
            else:
                messages.success(request, _("Danke. Die Admins sehen sich das an."))
                return redirect(place_of(comment.thread.kind).link(comment))
        else:
            status = 400
    return render_in_scope(
        request,
        "threads/report.html",
        {"comment": comment, "form": form, "own": comment.author_id == actor.user_id},
        status=status,
    )


@require_safe
@actor_required
def queue(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The admins' queue of reported comments."""
    if not moderation.can_moderate(actor):
        return refused(request, _("Nur Admins der Organisation sehen die Meldungen."))
    return render_in_scope(
        request,
        "threads/queue.html",
        {"items": moderation.open_queue(), "form": DecisionForm()},
    )


def _decide(request: HttpRequest, actor: Actor, public_id: UUID, what: str) -> HttpResponse:
    comment = Comment.objects.select_related("thread").filter(public_id=public_id).first()
    if comment is None:
        raise Http404
    form = DecisionForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    try:
        if what == "hide":
            moderation.hide_comment(actor=actor, comment=comment, reason=reason)
            done = _("Verborgen. Offene Meldungen dazu sind erledigt.")
        elif what == "restore":
            moderation.restore_comment(actor=actor, comment=comment, reason=reason)
            done = _("Der Kommentar ist wieder sichtbar.")
        else:
            moderation.dismiss_reports(actor=actor, comment=comment, note=reason)
            done = _("Meldungen verworfen.")
    except DomainError as exc:
        if exc.code == "forbidden":
            return refused(request, exc.message)
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("threads:queue")


@actor_required
@require_POST
def hide(request: HttpRequest, actor: Actor, public_id: UUID) -> HttpResponse:
    return _decide(request, actor, public_id, "hide")


@actor_required
@require_POST
def restore(request: HttpRequest, actor: Actor, public_id: UUID) -> HttpResponse:
    return _decide(request, actor, public_id, "restore")


@actor_required
@require_POST
def dismiss(request: HttpRequest, actor: Actor, public_id: UUID) -> HttpResponse:
    return _decide(request, actor, public_id, "dismiss")


# --- Reply, correct, delete, react -----------------------------------------------------------
# One set of actions for every place on an organisation's host. Each answers with a redirect
# back to the comment (htmx follows it); a refusal changes nothing and says why.


def _back_to(comment: Comment) -> HttpResponse:
    return redirect(place_of(comment.thread.kind).link(comment))


def _act(request: HttpRequest, actor: Actor, public_id: UUID, action: str) -> HttpResponse:
    comment = _readable(actor, public_id)
    body = request.POST.get("body", "")
    try:
        if action == "reply":
            reply = thread_services.reply_as(actor, parent=comment, body=body)
            return _back_to(reply)
        if action == "edit":
            thread_services.edit_as(actor, comment=comment, body=body)
            messages.success(request, _("Der Kommentar ist geändert."))
        elif action == "delete":
            thread_services.delete_as(actor, comment=comment)
            messages.success(request, _("Der Kommentar ist gelöscht."))
        else:
            kind = request.POST.get("kind", "")
            thread_services.react_as(actor, comment=comment, kind=kind)
    except DomainError as exc:
        if exc.code == "not_found":
            raise Http404 from exc
        return refused(request, exc.message, status=STATUS.get(exc.code, 400))
    return _back_to(comment)


@actor_required
@require_POST
def reply(request: HttpRequest, actor: Actor, public_id: UUID) -> HttpResponse:
    return _act(request, actor, public_id, "reply")


@actor_required
@require_POST
def edit(request: HttpRequest, actor: Actor, public_id: UUID) -> HttpResponse:
    return _act(request, actor, public_id, "edit")


@actor_required
@require_POST
def delete(request: HttpRequest, actor: Actor, public_id: UUID) -> HttpResponse:
    return _act(request, actor, public_id, "delete")


@actor_required
@require_POST
def react(request: HttpRequest, actor: Actor, public_id: UUID) -> HttpResponse:
    return _act(request, actor, public_id, "react")

"""Web pages for discussions and decisions. HTTP only: find the actor, fetch what they may see
(404 for missing and not-yours alike), call a service, render or redirect. The rules live in
decisions/services.py and decisions/permissions.py.

Results: open (non-anonymous) proposals show the count and who voted what live, as Loomio does;
anonymous proposals show only how many have voted until they close.
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
from decisions import permissions as perms
from decisions import selectors, services
from decisions.forms import CommentForm, DiscussionForm, ProposalForm, VoteInput
from decisions.models import Discussion, Proposal
from workspaces import permissions as ws_perms
from workspaces import selectors as ws_selectors
from workspaces.models import Workspace
from workspaces.permissions import Actor
from workspaces.tools import on_network
from workspaces.web import (
    STATUS,
    actor_required,
    in_box,
    refused,
    render_in_scope,
)
from workspaces.web import tool_workspace_or_404 as _workspace_or_404


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render_in_scope(request, template, {"is_box": on_network(), **context}, status)


def _refused(request: HttpRequest, message: str, status: int = 403) -> HttpResponse:
    return refused(
        request,
        message,
        back="decisions:discussions",
        back_label=_("Zurück zu den Diskussionen"),
        status=status,
    )


def _discussion_or_404(actor: Actor, public_id: UUID, slug: str | None = None) -> Discussion:
    """The discussion if the actor may read it, asked for at its address (on the network:
    under its own box)."""
    discussion = selectors.discussion_for(actor, public_id)
    if discussion is None or not in_box(actor, discussion.workspace, slug):
        raise Http404
    return discussion


def _proposal_or_404(actor: Actor, public_id: UUID, slug: str | None = None) -> Proposal:
    proposal = selectors.proposal_for(actor, public_id)
    if proposal is None or not in_box(actor, proposal.discussion.workspace, slug):
        raise Http404
    return proposal


# --- Lists -------------------------------------------------------------------------------------


def _list(request: HttpRequest, actor: Actor, workspace: Workspace | None) -> HttpResponse:
    readable = workspace is None or ws_perms.can_read_workspace(actor, workspace)
    page = (
        selectors.discussion_page(actor, workspace=workspace, cursor=request.GET.get("vor", ""))
        if readable
        else selectors.DiscussionPage(items=[], next_cursor=None)
    )
    return _render(
        request,
        "decisions/list.html",
        {
            "actor": actor,
            "workspace": workspace,
            "readable": readable,
            "page": page,
            "can_start": perms.can_start_discussion(actor, workspace),
        },
    )


@actor_required
@require_GET
def discussion_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Every discussion the visitor may read: the organisation's own and its groups'."""
    return _list(request, actor, None)


@actor_required
@require_GET
def group_discussions(request: HttpRequest, actor: Actor, slug: str) -> HttpResponse:
    return _list(request, actor, _workspace_or_404(actor, slug))


# --- Discussions -------------------------------------------------------------------------------


def _group_choices(actor: Actor) -> list[tuple[str, str]]:
    return [
        (w.slug, w.name)
        for w in ws_selectors.workspace_list(actor)
        if perms.can_start_discussion(actor, w)
    ]


@actor_required
@require_http_methods(["GET", "POST"])
def discussion_create(request: HttpRequest, actor: Actor, slug: str | None = None) -> HttpResponse:
    """A new discussion: on an intranet where the form says (the organisation or a group), on
    the network in the box of the route."""
    box = _workspace_or_404(actor, slug) if slug else None
    if not actor.can_write:
        return _refused(request, _("Dafür fehlt dir die Berechtigung."))
    groups = [(box.slug, box.name)] if box is not None else _group_choices(actor)
    if box is not None and not perms.can_start_discussion(actor, box):
        return _refused(request, _("Diskussionen in dieser Box beginnen ihre Mitglieder."))
    if request.method != "POST":
        initial = box.slug if box is not None else request.GET.get("gruppe", "")
        form = DiscussionForm(groups=groups, initial={"group": initial}, in_box=box is not None)
        return _render(request, "decisions/discussion_form.html", {"form": form})
    form = DiscussionForm(request.POST, groups=groups, in_box=box is not None)
    form.is_valid()
    data = form.cleaned_data
    try:
        workspace = box
        if box is None and data.get("group"):
            workspace = ws_selectors.workspace_for(actor, data["group"])
            if workspace is None:
                raise services.DecisionError(_("Diese Gruppe gibt es nicht."), field="group")
        discussion = services.start_discussion(
            actor=actor,
            title=data.get("title", ""),
            context=data.get("context", ""),
            workspace=workspace,
        )
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _render(
            request,
            "decisions/discussion_form.html",
            {"form": form},
            status=STATUS.get(exc.code, 400),
        )
    messages.success(request, _("Die Diskussion ist eröffnet."))
    return redirect(services.discussion_path(discussion))


def _thread(
    request: HttpRequest,
    actor: Actor,
    discussion: Discussion,
    *,
    comment_form: CommentForm | None = None,
    vote_error: tuple[int, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    enabled = services.decisions_enabled()
    page = selectors.comment_page_of(actor, discussion, request.GET.get("kommentare"))
    proposals = selectors.proposals_of(discussion)
    return _render(
        request,
        "decisions/thread.html",
        {
            "actor": actor,
            "discussion": discussion,
            "comments": page.comments,
            "comments_next": page.next_cursor,
            "comment_form": comment_form or CommentForm(),
            "can_comment": perms.can_comment(actor, discussion),
            # What the thread block's comment actions may offer here (threads/_comment.html).
            "thread": {
                "may_write": perms.can_comment(actor, discussion),
                "may_moderate": perms.can_moderate_comments(actor, discussion),
                "reactions": False,
            },
            "proposals": selectors.proposal_views(actor, proposals, enabled=enabled),
            "can_propose": perms.can_propose(actor, discussion)
            and not any(not p.is_closed for p in proposals),
            "decisions_enabled": enabled,
            "vote_error": vote_error,
            "score_range": range(0, 11),
        },
        status=status,
    )


@actor_required
@require_GET
def discussion_detail(
    request: HttpRequest, actor: Actor, public_id: UUID, slug: str | None = None
) -> HttpResponse:
    return _thread(request, actor, _discussion_or_404(actor, public_id, slug))


@actor_required
@require_POST
def discussion_comment(
    request: HttpRequest, actor: Actor, public_id: UUID, slug: str | None = None
) -> HttpResponse:
    discussion = _discussion_or_404(actor, public_id, slug)
    form = CommentForm(request.POST)
    form.is_valid()
    try:
        services.add_comment(
            actor=actor, discussion=discussion, body=form.cleaned_data.get("body", "")
        )
    except DomainError as exc:
        form.add_error("body" if exc.field == "body" else None, exc.message)
        return _thread(
            request, actor, discussion, comment_form=form, status=STATUS.get(exc.code, 400)
        )
    return redirect(services.discussion_path(discussion) + "#diskussion")


# --- Proposals ---------------------------------------------------------------------------------


@actor_required
@require_http_methods(["GET", "POST"])
def proposal_create(
    request: HttpRequest, actor: Actor, public_id: UUID, slug: str | None = None
) -> HttpResponse:
    discussion = _discussion_or_404(actor, public_id, slug)
    if not perms.can_propose(actor, discussion):
        return _refused(request, _("Vorschläge machen die Mitglieder der Gruppe."))
    context: dict[str, Any] = {
        "discussion": discussion,
        "decisions_enabled": services.decisions_enabled(),
        "feature_message": services.feature_message(),
        "billing_path": services.BILLING_PATH,
    }
    if not context["decisions_enabled"]:
        status = 403 if request.method == "POST" else 200
        return _render(request, "decisions/proposal_form.html", context, status=status)
    if request.method != "POST":
        return _render(request, "decisions/proposal_form.html", {**context, "form": ProposalForm()})
    form = ProposalForm(request.POST)
    if not form.is_valid():  # only a date or number that does not parse; the rest is the service's
        return _render(
            request, "decisions/proposal_form.html", {**context, "form": form}, status=400
        )
    data = form.cleaned_data
    try:
        services.start_proposal(
            actor=actor,
            discussion=discussion,
            title=data.get("title", ""),
            details=data.get("details", ""),
            process=data.get("process", ""),
            closes_at=data.get("closes_at"),
            quorum_percent=data.get("quorum_percent") or 0,
            anonymous=bool(data.get("anonymous")),
            options=form.option_lines(),
        )
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _render(
            request,
            "decisions/proposal_form.html",
            {**context, "form": form},
            status=STATUS.get(exc.code, 400),
        )
    messages.success(request, _("Die Abstimmung läuft."))
    return redirect(services.discussion_path(discussion) + "#abstimmung")


@actor_required
@require_POST
def proposal_vote(
    request: HttpRequest, actor: Actor, public_id: UUID, slug: str | None = None
) -> HttpResponse:
    proposal = _proposal_or_404(actor, public_id, slug)
    ballot = VoteInput(request.POST, [p for p, _label in selectors.options_of(proposal)])
    try:
        services.cast_vote(
            actor=actor,
            proposal=proposal,
            choice=ballot.choice,
            reason=ballot.reason,
            scores=ballot.scores,
            ranking=ballot.ranking,
        )
    except DomainError as exc:
        return _thread(
            request,
            actor,
            proposal.discussion,
            vote_error=(proposal.pk, exc.message),
            status=STATUS.get(exc.code, 400),
        )
    messages.success(request, _("Deine Stimme ist gezählt. Du kannst sie bis zum Ende ändern."))
    return redirect(services.discussion_path(proposal.discussion) + "#abstimmung")


@actor_required
@require_POST
def proposal_close(
    request: HttpRequest, actor: Actor, public_id: UUID, slug: str | None = None
) -> HttpResponse:
    proposal = _proposal_or_404(actor, public_id, slug)
    try:
        services.close_proposal(actor=actor, proposal=proposal)
    except DomainError as exc:
        if exc.code == "forbidden":
            return _refused(request, exc.message)
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Die Abstimmung ist beendet, das Ergebnis steht fest."))
    return redirect(services.discussion_path(proposal.discussion) + "#abstimmung")

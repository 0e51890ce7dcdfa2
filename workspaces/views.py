"""Web pages for workspaces (intranet groups) and feeds. HTTP only: find the actor, fetch what
they may see (404 for missing and not-yours alike), call a service, render or redirect. The
rules live in workspaces/services.py and workspaces/permissions.py.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.domain import DomainError
from config.forms import posted
from workspaces import invitations, selectors, services, tools
from workspaces import permissions as perms
from workspaces.forms import (
    AddMemberForm,
    CircleForm,
    CommentForm,
    InvitationLinkForm,
    InviteEmailForm,
    NewPostForm,
    PostForm,
    WorkspaceForm,
)
from workspaces.models import (
    JoinRequest,
    Post,
    Visibility,
    Workspace,
    WorkspaceInvitation,
    WorkspaceRole,
)
from workspaces.permissions import Actor
from workspaces.scopes import actor_for
from workspaces.web import STATUS, actor_required, refused, render_in_scope, workspace_or_404


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render_in_scope(request, template, context, status)


def _refused(request: HttpRequest, message: str, status: int = 403) -> HttpResponse:
    return refused(request, message, status=status)


_workspace_or_404 = workspace_or_404


def _post_or_404(actor: Actor, public_id: UUID) -> Post:
    post = selectors.post_for(actor, public_id)
    if post is None:
        raise Http404
    return post


def _local_path(target: str | None) -> str:
    """``target`` if it is a path on this host (never another site), else ""."""
    target = target or ""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return ""


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    """Back to the page the form was on (only a path on this host), else ``fallback``."""
    return redirect(_local_path(request.POST.get("next")) or fallback)


# --- Feeds -----------------------------------------------------------------------------------


def _feed_response(
    request: HttpRequest,
    actor: Actor,
    workspace: Workspace | None,
    *,
    form: PostForm | NewPostForm | None = None,
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    cursor = request.GET.get("vor", "")
    readable = workspace is None or perms.can_read_workspace(actor, workspace)
    page = (
        selectors.feed_page(actor, workspace=workspace, cursor=cursor)
        if readable
        else selectors.FeedPage(items=[], next_cursor=None)
    )
    context = {
        "actor": actor,
        "workspace": workspace,
        "page": page,
        "readable": readable,
        "poll_url": request.path + "neu/",
        **(extra or {}),
    }
    if request.htmx and cursor:  # type: ignore[attr-defined]
        return _render(request, "workspaces/_more.html", context)
    context["form"] = form or _new_post_form(actor)
    context["can_post"] = perms.can_post_in(actor, workspace)
    return _render(
        request,
        "workspaces/group.html" if workspace is not None else "workspaces/feed.html",
        context,
        status=status,
    )


def _new_post_form(actor: Actor, *args: Any) -> NewPostForm:
    """Boxes on the network take text posts; attachments (the documents tool) are an
    intranet's until boxes get their documents."""
    form = NewPostForm(*args)
    if actor.scope.kind != "intranet":
        del form.fields["attachments"]
    return form


def _create_post(
    request: HttpRequest,
    actor: Actor,
    workspace: Workspace | None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    form = _new_post_form(actor, request.POST, request.FILES)
    form.is_valid()
    from documents.services import create_post_with_attachments

    try:
        create_post_with_attachments(
            actor=actor,
            body=form.cleaned_data.get("body", ""),
            workspace=workspace,
            uploads=form.cleaned_data.get("attachments") or [],
        )
    except DomainError as exc:
        form.add_error(exc.field if exc.field in ("body", "attachments") else None, exc.message)
        return _feed_response(
            request, actor, workspace, form=form, status=STATUS.get(exc.code, 400), extra=extra
        )
    messages.success(request, _("Dein Beitrag ist veröffentlicht."))
    return redirect(request.path)


@actor_required
@require_http_methods(["GET", "POST"])
def feed(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The organisation's feed: its own posts and those of every group the visitor reads."""
    if request.method == "POST":
        return _create_post(request, actor, None)
    return _feed_response(request, actor, None)


def _new_posts(request: HttpRequest, actor: Actor, workspace: Workspace | None) -> HttpResponse:
    """For the feed's htmx poll: nothing new → 204 (the page keeps polling from where it is);
    otherwise the new posts and a poll that continues after them."""
    page = selectors.new_posts(actor, workspace=workspace, after=request.GET.get("nach", ""))
    if not page.items:
        return HttpResponse(status=204)
    poll_url = request.path
    return _render(
        request,
        "workspaces/_new_posts.html",
        # The group (None on the organisation's feed): a group's own posts name no group.
        {"actor": actor, "page": page, "poll_url": poll_url, "workspace": workspace},
    )


@actor_required
@require_GET
def feed_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    return _new_posts(request, actor, None)


# --- Groups ----------------------------------------------------------------------------------


@actor_required
@require_GET
def group_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    mine_only = request.GET.get("meine") == "1"
    return _render(
        request,
        "workspaces/group_list.html",
        {
            "actor": actor,
            "workspaces": selectors.workspace_list(actor, mine_only=mine_only),
            "mine_only": mine_only,
        },
    )


@actor_required
@require_GET
def my_boxes(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The network's "Meine Boxen": the boxes the visitor belongs to."""
    return _render(
        request,
        "workspaces/my_boxes.html",
        {"actor": actor, "workspaces": selectors.workspace_list(actor, mine_only=True)},
    )


@actor_required
@require_http_methods(["GET", "POST"])
def group_create(request: HttpRequest, actor: Actor) -> HttpResponse:
    if not actor.can_create:
        return _refused(request, _("Dafür fehlt dir die Berechtigung."))
    form = WorkspaceForm(posted(request))
    if request.method == "POST":
        form.is_valid()
        data = form.cleaned_data
        try:
            workspace = services.create_workspace(
                actor=actor,
                name=data.get("name", ""),
                description=data.get("description", ""),
                visibility=form.cleaned_data.get("visibility", ""),
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return _render(
                request,
                "workspaces/group_form.html",
                {"form": form},
                status=STATUS.get(exc.code, 400),
            )
        messages.success(
            request, _("Die Gruppe „%(name)s“ ist gegründet.") % {"name": workspace.name}
        )
        return redirect("workspaces:group", slug=workspace.slug)
    return _render(request, "workspaces/group_form.html", {"form": form})


@actor_required
@require_http_methods(["GET", "POST"])
def group(request: HttpRequest, actor: Actor, slug: str) -> HttpResponse:
    workspace = _workspace_or_404(actor, slug)
    extra = {
        "can_manage": perms.can_manage_workspace(actor, workspace),
        "can_join": perms.can_join_workspace(actor, workspace),
        "can_request": perms.can_request_to_join(actor, workspace),
        "requested": workspace.visibility == Visibility.CLOSED
        and perms.role_in(workspace) is None
        and selectors.has_pending_request(actor, workspace),
        "tabs": tools.tabs(actor, workspace),
        "is_box": actor.scope.kind == "network",
        "may_publish": _may_publish(actor, workspace),
    }
    if request.method == "POST":
        return _create_post(request, actor, workspace, extra)
    return _feed_response(request, actor, workspace, extra=extra)


def _may_publish(actor: Actor, workspace: Workspace) -> bool:
    """A friend circle's owner may publish an impulse out of it (once: one impulse per box)."""
    from public_marketplace.services.circles import may_publish_from

    return actor.scope.kind == "network" and may_publish_from(actor.user, workspace)


@actor_required
@require_GET
def group_new_posts(request: HttpRequest, actor: Actor, slug: str) -> HttpResponse:
    workspace = _workspace_or_404(actor, slug)
    if not perms.can_read_workspace(actor, workspace):
        raise Http404
    return _new_posts(request, actor, workspace)


@actor_required
@require_POST
def group_join(request: HttpRequest, actor: Actor, slug: str) -> HttpResponse:
    """Join an open group, or ask to join a closed one."""
    workspace = _workspace_or_404(actor, slug)
    try:
        if workspace.visibility == Visibility.CLOSED:
            services.request_to_join(actor=actor, workspace=workspace)
            messages.success(request, _("Deine Anfrage ist bei den Gruppen-Admins."))
        else:
            services.join_workspace(actor=actor, workspace=workspace)
            messages.success(request, _("Willkommen in der Gruppe!"))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("workspaces:group", slug=workspace.slug)


@actor_required
@require_POST
def group_leave(request: HttpRequest, actor: Actor, slug: str) -> HttpResponse:
    workspace = _workspace_or_404(actor, slug)
    try:
        services.leave_workspace(actor=actor, workspace=workspace)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("workspaces:group", slug=workspace.slug)
    messages.success(request, _("Du hast die Gruppe verlassen."))
    if workspace.visibility == Visibility.SECRET and not actor.is_moderator:
        # Gone from view: back to the list of one's own boxes (network) or groups (intranet).
        return redirect(
            "workspaces:my_boxes" if actor.scope.kind == "network" else "workspaces:groups"
        )
    return redirect("workspaces:group", slug=workspace.slug)


def _settings_page(
    request: HttpRequest,
    actor: Actor,
    workspace: Workspace,
    *,
    form: WorkspaceForm | None = None,
    add_form: AddMemberForm | None = None,
    link_form: InvitationLinkForm | None = None,
    email_form: InviteEmailForm | None = None,
    new_link: str = "",
    status: int = 200,
) -> HttpResponse:
    form = form or WorkspaceForm(
        initial={
            "name": workspace.name,
            "description": workspace.description,
            "visibility": workspace.visibility,
        }
    )
    return _render(
        request,
        "workspaces/group_settings.html",
        {
            "workspace": workspace,
            "form": form,
            "add_form": add_form or AddMemberForm(),
            "members": selectors.members_of(workspace),
            "requests": selectors.pending_requests(workspace),
            "roles": WorkspaceRole.choices,
            "is_box": actor.scope.kind == "network",
            "takes_requests": workspace.visibility == Visibility.CLOSED,
            "is_owner": perms.role_in(workspace) == WorkspaceRole.OWNER or actor.is_moderator,
            "invitations": invitations.open_invitations(workspace),
            "link_form": link_form or InvitationLinkForm(),
            "email_form": email_form or InviteEmailForm(),
            "new_link": new_link,
        },
        status=status,
    )


@actor_required
@require_http_methods(["GET", "POST"])
def group_settings(request: HttpRequest, actor: Actor, slug: str) -> HttpResponse:
    workspace = _workspace_or_404(actor, slug)
    if not perms.can_manage_workspace(actor, workspace):
        return _refused(request, _("Dafür fehlt dir die Berechtigung."))
    if request.method == "POST":
        form = WorkspaceForm(request.POST)
        form.is_valid()
        try:
            services.update_workspace(
                actor=actor,
                workspace=workspace,
                name=form.cleaned_data.get("name", ""),
                description=form.cleaned_data.get("description", ""),
                visibility=form.cleaned_data.get("visibility", ""),
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return _settings_page(
                request, actor, workspace, form=form, status=STATUS.get(exc.code, 400)
            )
        messages.success(request, _("Gespeichert."))
        return redirect("workspaces:group_settings", slug=workspace.slug)
    return _settings_page(request, actor, workspace)


@actor_required
@require_POST
def group_member_add(request: HttpRequest, actor: Actor, slug: str) -> HttpResponse:
    workspace = _workspace_or_404(actor, slug)
    if not perms.can_manage_workspace(actor, workspace):
        return _refused(request, _("Dafür fehlt dir die Berechtigung."))
    form = AddMemberForm(request.POST)
    form.is_valid()
    found = selectors.people_named(actor, form.cleaned_data.get("person", ""))
    try:
        if len(found) > 1:
            raise services.WorkspaceError(
                _("Mehrere Personen heißen so. Bitte wende dich an die Organisation."),
                field="person",
            )
        services.add_workspace_member(
            actor=actor, workspace=workspace, user=found[0] if found else None
        )
    except DomainError as exc:
        form.add_error("person", exc.message)
        return _settings_page(
            request, actor, workspace, add_form=form, status=STATUS.get(exc.code, 400)
        )
    messages.success(request, _("%(name)s ist jetzt in der Gruppe.") % {"name": found[0].name})
    return redirect("workspaces:group_settings", slug=workspace.slug)


@actor_required
@require_POST
def group_member(request: HttpRequest, actor: Actor, slug: str, person: UUID) -> HttpResponse:
    """Change a member's role (``role``) or take them out (``remove``)."""
    workspace = _workspace_or_404(actor, slug)
    if not perms.can_manage_workspace(actor, workspace):
        return _refused(request, _("Dafür fehlt dir die Berechtigung."))
    user = selectors.person_by_public_id(actor, person)
    if user is None:
        raise Http404
    try:
        if request.POST.get("remove"):
            services.remove_workspace_member(actor=actor, workspace=workspace, user=user)
        elif request.POST.get("handover"):
            services.hand_over_workspace(actor=actor, workspace=workspace, user=user)
        else:
            services.set_member_role(
                actor=actor, workspace=workspace, user=user, role=request.POST.get("role", "")
            )
    except DomainError as exc:
        if exc.code == "not_found":
            raise Http404 from exc
        messages.error(request, exc.message)
        return _settings_page(request, actor, workspace, status=STATUS.get(exc.code, 400))
    messages.success(request, _("Gespeichert."))
    return redirect("workspaces:group_settings", slug=workspace.slug)


@actor_required
@require_POST
def group_request(request: HttpRequest, actor: Actor, slug: str, request_id: UUID) -> HttpResponse:
    """A group admin approves (``approve``) or declines a join request."""
    workspace = _workspace_or_404(actor, slug)
    join_request = JoinRequest.objects.filter(workspace=workspace, public_id=request_id).first()
    if join_request is None:
        raise Http404
    try:
        services.decide_join_request(
            actor=actor, join_request=join_request, approve=bool(request.POST.get("approve"))
        )
    except DomainError as exc:
        if exc.code == "forbidden":
            return _refused(request, _("Dafür fehlt dir die Berechtigung."))
        messages.error(request, exc.message)
    return redirect("workspaces:group_settings", slug=workspace.slug)


# --- Friend circles and invitations -----------------------------------------------------------


@actor_required
@require_http_methods(["GET", "POST"])
def circle_create(request: HttpRequest, actor: Actor) -> HttpResponse:
    """ "Freundeskreis anlegen" from "Meine Boxen": a secret box without an impulse."""
    form = CircleForm(posted(request))
    if request.method == "POST":
        form.is_valid()
        try:
            workspace = services.create_circle(
                actor=actor,
                name=form.cleaned_data.get("name", ""),
                description=form.cleaned_data.get("description", ""),
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return _render(
                request, "workspaces/circle_form.html", {"form": form}, STATUS.get(exc.code, 400)
            )
        messages.success(
            request,
            _("Dein Freundeskreis „%(name)s“ ist angelegt. Lade jetzt die anderen ein.")
            % {"name": workspace.name},
        )
        return redirect("workspaces:group_settings", slug=workspace.slug)
    return _render(request, "workspaces/circle_form.html", {"form": form})


@actor_required
@require_POST
def group_invitations(request: HttpRequest, actor: Actor, slug: str) -> HttpResponse:
    """A manager creates an invitation link (``valid_days``) or invites an ``email``."""
    workspace = _workspace_or_404(actor, slug)
    if not perms.can_manage_workspace(actor, workspace):
        return _refused(request, _("Dafür fehlt dir die Berechtigung."))
    by_email = "email" in request.POST
    link_form = InvitationLinkForm(None if by_email else request.POST)
    email_form = InviteEmailForm(request.POST if by_email else None)
    try:
        if by_email:
            email_form.is_valid()
            email = email_form.cleaned_data.get("email", "")
            invitations.invite_by_email(actor=actor, workspace=workspace, email=email)
        else:
            link_form.is_valid()
            days = link_form.cleaned_data.get("valid_days") or ""
            if days and not days.isdigit():
                raise services.WorkspaceError(
                    _("Bitte wähle, wie lange der Link gilt."), field="valid_days"
                )
            issued = invitations.create_link(
                actor=actor, workspace=workspace, valid_days=int(days) if days else None
            )
    except DomainError as exc:
        target = email_form if by_email else link_form
        target.add_error(exc.field if exc.field in target.fields else None, exc.message)
        return _settings_page(
            request,
            actor,
            workspace,
            link_form=link_form,
            email_form=email_form,
            status=STATUS.get(exc.code, 400),
        )
    if by_email:
        messages.success(request, _("Die Einladung an %(email)s ist unterwegs.") % {"email": email})
        return redirect("workspaces:group_settings", slug=workspace.slug)
    # The token is shown this once (only its hash is stored), so the page shows it now.
    link = invitations.absolute(invitations.invitation_path(issued.token))
    return _settings_page(request, actor, workspace, new_link=link)


@actor_required
@require_POST
def group_invitation_revoke(
    request: HttpRequest, actor: Actor, slug: str, invitation_id: UUID
) -> HttpResponse:
    workspace = _workspace_or_404(actor, slug)
    if not perms.can_manage_workspace(actor, workspace):
        return _refused(request, _("Dafür fehlt dir die Berechtigung."))
    invitation = WorkspaceInvitation.objects.filter(
        workspace=workspace, public_id=invitation_id
    ).first()
    if invitation is None:
        raise Http404
    try:
        invitations.revoke(actor=actor, workspace=workspace, invitation=invitation)
    except DomainError as exc:
        return _refused(request, exc.message, STATUS.get(exc.code, 400))
    messages.success(
        request, _("Die Einladung ist zurückgezogen. Sie lässt niemanden mehr herein.")
    )
    return redirect("workspaces:group_settings", slug=workspace.slug)


def _invitation_invalid(request: HttpRequest, message: str) -> HttpResponse:
    return render_in_scope(
        request, "workspaces/invitation_invalid.html", {"message": message}, status=410
    )


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """An invitation link: GET shows what it is for and a button; only the POST joins.
    Anonymous visitors log in or sign up first; the path waits in the session."""
    try:
        found = invitations.invitation_for_token(token)
    except DomainError as exc:
        return _invitation_invalid(request, exc.message)
    context: dict[str, Any] = {"invitation": found, "workspace": found.workspace}
    if not request.user.is_authenticated:
        request.session[invitations.SESSION_KEY] = request.path
        return _render(request, "workspaces/invitation.html", {**context, "next": request.path})
    actor = actor_for(request)
    if actor is None:  # logged in, but not one of this organisation's people
        return _refused(request, _("Diese Einladung gilt nur für Mitglieder der Organisation."))
    if request.method == "POST":
        try:
            workspace = invitations.accept(actor=actor, token=token)
        except DomainError as exc:
            if exc.code == "forbidden":
                return _refused(request, exc.message)
            return _invitation_invalid(request, exc.message)
        request.session.pop(invitations.SESSION_KEY, None)
        messages.success(request, _("Willkommen in „%(name)s“!") % {"name": workspace.name})
        return redirect("workspaces:group", slug=workspace.slug)
    context["already"] = found.workspace.members.filter(user_id=actor.user_id).exists()
    return _render(request, "workspaces/invitation.html", context)


# --- Posts -----------------------------------------------------------------------------------


def _post_page(
    request: HttpRequest,
    actor: Actor,
    post: Post,
    *,
    comment_form: CommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    page = selectors.comment_page_of(actor, post, request.GET.get("kommentare"))
    return _render(
        request,
        "workspaces/post_detail.html",
        {
            "actor": actor,
            "post": post,
            "comments": page.comments,
            "comments_next": page.next_cursor,
            # What the thread block's comment actions may offer here (threads/_comment.html).
            "thread": {
                "may_write": perms.can_take_part(actor, post),
                "may_moderate": perms.can_pin_post(actor, post),
                "may_report": actor.scope.kind == "intranet",  # box admins delete instead
                "reactions": True,
            },
            "comment_form": comment_form or CommentForm(),
        },
        status=status,
    )


@actor_required
@require_GET
def post_detail(request: HttpRequest, actor: Actor, public_id: UUID) -> HttpResponse:
    return _post_page(request, actor, _post_or_404(actor, public_id))


@actor_required
@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, actor: Actor, public_id: UUID) -> HttpResponse:
    post = _post_or_404(actor, public_id)
    if not perms.can_edit_post(actor, post):
        return _refused(request, _("Dafür fehlt dir die Berechtigung."))
    form = PostForm(posted(request), initial={"body": post.body})
    if request.method == "POST":
        form.is_valid()
        try:
            services.edit_post(actor=actor, post=post, body=form.cleaned_data.get("body", ""))
        except DomainError as exc:
            form.add_error("body" if exc.field == "body" else None, exc.message)
            return _render(
                request,
                "workspaces/post_edit.html",
                {"post": post, "form": form},
                status=STATUS.get(exc.code, 400),
            )
        messages.success(request, _("Gespeichert."))
        return redirect("workspaces:post", public_id=post.public_id)
    return _render(request, "workspaces/post_edit.html", {"post": post, "form": form})


@actor_required
@require_POST
def post_delete(request: HttpRequest, actor: Actor, public_id: UUID) -> HttpResponse:
    post = _post_or_404(actor, public_id)
    try:
        services.delete_post(actor=actor, post=post)
    except DomainError as exc:
        return _refused(request, exc.message, STATUS.get(exc.code, 400))
    messages.success(request, _("Der Beitrag ist gelöscht."))
    if post.workspace is not None:
        return redirect("workspaces:group", slug=post.workspace.slug)
    return redirect("workspaces:feed")


@actor_required
@require_POST
def post_pin(request: HttpRequest, actor: Actor, public_id: UUID) -> HttpResponse:
    post = _post_or_404(actor, public_id)
    try:
        services.set_pinned(actor=actor, post=post, pinned=request.POST.get("pinned") == "1")
    except DomainError as exc:
        return _refused(request, exc.message, STATUS.get(exc.code, 400))
    return _back(request, services.post_path(post))


@actor_required
@require_POST
def post_react(request: HttpRequest, actor: Actor, public_id: UUID) -> HttpResponse:
    post = _post_or_404(actor, public_id)
    try:
        services.toggle_reaction(actor=actor, post=post, kind=request.POST.get("kind", ""))
    except DomainError as exc:
        return HttpResponse(exc.message, status=STATUS.get(exc.code, 400))
    if request.htmx:  # type: ignore[attr-defined]
        fresh = _post_or_404(actor, public_id)
        context = {"actor": actor, "post": fresh, "next_url": _local_path(request.POST.get("next"))}
        return _render(request, "workspaces/_reactions.html", context)
    return _back(request, services.post_path(post))


@actor_required
@require_POST
def post_comment(request: HttpRequest, actor: Actor, public_id: UUID) -> HttpResponse:
    post = _post_or_404(actor, public_id)
    form = CommentForm(request.POST)
    form.is_valid()
    try:
        comment = services.add_comment(
            actor=actor, post=post, body=form.cleaned_data.get("body", "")
        )
    except DomainError as exc:
        form.add_error("body" if exc.field == "body" else None, exc.message)
        return _post_page(request, actor, post, comment_form=form, status=STATUS.get(exc.code, 400))
    return redirect(f"{services.post_path(post)}#kommentar-{comment.public_id}")


@actor_required
@require_GET
def mention_suggestions(
    request: HttpRequest, actor: Actor, slug: str | None = None
) -> HttpResponse:
    """Names for the autocomplete after an ``@`` (static/js/mentions.js), for those who may
    write here: ``{"results": [{"name": …}]}``."""
    workspace = _workspace_or_404(actor, slug) if slug is not None else None
    if not perms.can_post_in(actor, workspace):
        raise Http404
    names = selectors.mention_suggestions(actor, workspace, request.GET.get("q", ""))
    return JsonResponse({"results": [{"name": name} for name in names]})

"""Everything that changes workspaces and their feeds: create and configure a workspace, join,
request, decide, leave, manage members; post, edit, pin, comment, react, mention.

Each function takes the acting ``Actor`` (keyword-only), runs in one transaction, checks the
rules of workspaces/permissions.py against freshly read rows (never against what a page showed
earlier) and raises ``WorkspaceError`` with a message that web, API and admin show as it is.
Mentions are stored with the post; their notifications go out after commit, from Celery.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Greatest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from config import jobs, ratelimit
from config.domain import DomainError
from notifications.services import notify
from threads import services as threads
from threads.mentions import mentioned_user_ids
from threads.models import Comment, ReactionKind
from threads.places import Place
from workspaces import permissions as perms
from workspaces.markdown import render_markdown
from workspaces.models import (
    DESCRIPTION_MAX,
    MANAGING_ROLES,
    NAME_MAX,
    POST_MAX,
    JoinRequest,
    JoinRequestStatus,
    Mention,
    Post,
    Reaction,
    Visibility,
    Workspace,
    WorkspaceMember,
    WorkspaceRole,
)
from workspaces.permissions import Actor
from workspaces.selectors import mentionable_people, readable_posts, role_subquery

POST_KIND = "post"
# Paths next to /gruppen/<slug>/ that a group's address must not shadow.
RESERVED_SLUGS = {"neu", "einladung"}


class WorkspaceError(DomainError):
    pass


def _last_admin_message() -> str:
    return _(
        "Die Gruppe braucht mindestens eine Person als Gruppen-Admin. "
        "Ernenne zuerst jemand anderen."
    )


def post_path(post: Post) -> str:
    """Where a post lives on its host (also the link in notifications)."""
    return f"/beitraege/{post.public_id}/"


def _handover_message() -> str:
    return _("Übergib die Verantwortung erst an ein anderes Mitglied.")


def workspace_url(
    workspace: Workspace, route: str = "workspaces:group", *, urlconf: str | None = None
) -> str:
    """The workspace's page on this host (an intranet's /gruppen/…, the network's /boxen/…);
    ``urlconf`` names the host's routes where no request chose them (tasks, commands)."""
    try:
        return reverse(route, kwargs={"slug": workspace.slug}, urlconf=urlconf)
    except NoReverseMatch:
        return "/"


def _not_found() -> WorkspaceError:
    return WorkspaceError(_("Diese Gruppe gibt es nicht."), code="not_found")


def _forbidden(message: str) -> WorkspaceError:
    return WorkspaceError(message, code="forbidden")


def _fresh_workspace(actor: Actor, workspace: Workspace, *, lock: bool = False) -> Workspace:
    """The workspace as it is now, with the actor's current role; 404 if they may not see it."""
    qs = Workspace.objects.annotate(my_role=role_subquery(actor, "pk"))
    if lock:
        qs = qs.select_for_update(of=("self",))
    fresh = qs.filter(pk=workspace.pk).first()
    if fresh is None or not perms.can_see_workspace(actor, fresh):
        raise _not_found()
    return fresh


def _fresh_post(actor: Actor, post: Post, *, lock: bool = False) -> Post:
    qs = readable_posts(actor)
    if lock:
        qs = qs.select_for_update(of=("self",))
    fresh = qs.filter(pk=post.pk).first()
    if fresh is None:
        raise WorkspaceError(_("Diesen Beitrag gibt es nicht."), code="not_found")
    return fresh


def _clean_text(text: str, *, maximum: int, field: str, what: str) -> str:
    # Browsers send line breaks as CRLF; count them as one character, as the text field does.
    cleaned = (text or "").replace("\r\n", "\n").strip()
    if not cleaned or len(cleaned) > maximum:
        raise WorkspaceError(
            _("%(what)s braucht 1 bis %(max)s Zeichen.")
            % {"what": what, "max": f"{maximum:,}".replace(",", ".")},
            field=field,
        )
    return cleaned


# --- Workspaces ------------------------------------------------------------------------------


def unique_slug(name: str) -> str:
    """A free address for a workspace named ``name`` (a race is settled by the unique index)."""
    base = slugify(name)[:60] or "gruppe"
    taken = set(
        Workspace.objects.filter(slug__startswith=base).values_list("slug", flat=True)[:1000]
    )
    taken |= RESERVED_SLUGS
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _clean_workspace_fields(name: str, description: str, visibility: str) -> tuple[str, str]:
    name = _clean_text(name, maximum=NAME_MAX, field="name", what=_("Der Name"))
    description = (description or "").replace("\r\n", "\n").strip()
    if len(description) > DESCRIPTION_MAX:
        raise WorkspaceError(
            _("Die Beschreibung darf höchstens 2.000 Zeichen lang sein."), field="description"
        )
    if visibility not in Visibility.values:
        raise WorkspaceError(_("Bitte wähle, wer die Gruppe sieht."), field="visibility")
    return name, description


@transaction.atomic
def create_workspace(
    *,
    actor: Actor,
    name: str,
    description: str = "",
    visibility: str = Visibility.OPEN,
    creator_role: str = WorkspaceRole.ADMIN,
) -> Workspace:
    """Create a workspace; its creator is its first admin (a friend circle's: its owner)."""
    if not actor.can_create:
        raise _forbidden(_("Du darfst keine Gruppen anlegen."))
    name, description = _clean_workspace_fields(name, description, visibility)
    ratelimit.hit("workspace.create", actor.user_id)
    # Two people creating "Vorstand" at once: the unique slug decides, the second gets "-2".
    for _attempt in range(3):
        try:
            with transaction.atomic():
                workspace = Workspace.objects.create(
                    name=name,
                    slug=unique_slug(name),
                    description=description,
                    visibility=visibility,
                    created_by_id=actor.user_id,
                    member_count=1,
                )
            break
        except IntegrityError:
            continue
    else:
        raise WorkspaceError(_("Bitte versuche es noch einmal."), code="conflict")
    WorkspaceMember.objects.create(workspace=workspace, user_id=actor.user_id, role=creator_role)
    workspace.my_role = creator_role  # type: ignore[attr-defined]
    return workspace


def _is_friend_circle(actor: Actor, workspace: Workspace) -> bool:
    """A box on the network that no impulse opened: its members were promised secrecy."""
    if actor.scope.kind != "network":
        return False
    try:
        workspace.impulse  # noqa: B018  (the impulse that opened the box, if any)
    except ObjectDoesNotExist:
        return True
    return False


def create_circle(*, actor: Actor, name: str, description: str = "") -> Workspace:
    """A friend circle on the network: a secret box without an impulse, owned by its creator.
    Nobody else sees it; people come in by invitation only (workspaces/invitations.py)."""
    if actor.scope.kind != "network":
        raise _forbidden(_("Freundeskreise gibt es nur im Netzwerk."))
    return create_workspace(
        actor=actor,
        name=name,
        description=description,
        visibility=Visibility.SECRET,
        creator_role=WorkspaceRole.OWNER,
    )


@transaction.atomic
def update_workspace(
    *, actor: Actor, workspace: Workspace, name: str, description: str, visibility: str
) -> Workspace:
    """Group admins (and moderators) change name, description and visibility; the address
    (slug) stays, so links keep working."""
    workspace = _fresh_workspace(actor, workspace, lock=True)
    if not perms.can_manage_workspace(actor, workspace):
        raise _forbidden(_("Nur Gruppen-Admins ändern die Einstellungen."))
    name, description = _clean_workspace_fields(name, description, visibility)
    if _is_friend_circle(actor, workspace) and visibility != Visibility.SECRET:
        raise WorkspaceError(
            _(
                "Ein Freundeskreis bleibt geheim. Sollen andere davon erfahren, veröffentlicht "
                "einen Impuls aus ihm."
            ),
            field="visibility",
        )
    workspace.name, workspace.description, workspace.visibility = name, description, visibility
    workspace.save(update_fields=["name", "description", "visibility", "updated_at"])
    return workspace


def admit_member(
    workspace: Workspace, user_id: int, role: str = WorkspaceRole.MEMBER
) -> WorkspaceMember:
    """Make the person a member (once) and settle their pending join request; the callers check
    who may let them in."""
    member, created = WorkspaceMember.objects.get_or_create(
        workspace=workspace, user_id=user_id, defaults={"role": role}
    )
    if created:
        Workspace.objects.filter(pk=workspace.pk).update(member_count=F("member_count") + 1)
        workspace.member_count += 1
    JoinRequest.objects.filter(
        workspace=workspace, user_id=user_id, status=JoinRequestStatus.PENDING
    ).update(status=JoinRequestStatus.APPROVED, decided_at=timezone.now())
    return member


@transaction.atomic
def join_workspace(*, actor: Actor, workspace: Workspace) -> WorkspaceMember:
    """Join an open workspace (again: nothing changes)."""
    workspace = _fresh_workspace(actor, workspace, lock=True)
    existing = WorkspaceMember.objects.filter(workspace=workspace, user_id=actor.user_id).first()
    if existing is not None:
        return existing
    if not actor.can_write:
        raise _forbidden(_("Als Gast kannst du mitlesen, aber keiner Gruppe beitreten."))
    if workspace.visibility != Visibility.OPEN:
        raise WorkspaceError(
            _("Dieser Gruppe trittst du auf Anfrage bei."), code="forbidden", field="visibility"
        )
    return admit_member(workspace, actor.user_id)


@transaction.atomic
def request_to_join(*, actor: Actor, workspace: Workspace) -> JoinRequest:
    """Ask to join a closed workspace; asking twice keeps the one open request."""
    workspace = _fresh_workspace(actor, workspace, lock=True)
    if perms.role_in(workspace) is not None:
        raise WorkspaceError(_("Du bist schon Mitglied dieser Gruppe."), code="conflict")
    if not actor.can_write:
        raise _forbidden(_("Als Gast kannst du mitlesen, aber keiner Gruppe beitreten."))
    if workspace.visibility != Visibility.CLOSED:
        raise WorkspaceError(_("Diese Gruppe nimmt keine Anfragen an."), code="conflict")
    pending = JoinRequest.objects.filter(
        workspace=workspace, user_id=actor.user_id, status=JoinRequestStatus.PENDING
    ).first()
    if pending is not None:
        return pending
    join_request = JoinRequest.objects.create(workspace=workspace, user_id=actor.user_id)
    admins = WorkspaceMember.objects.filter(
        workspace=workspace, role__in=MANAGING_ROLES
    ).values_list("user_id", flat=True)
    title = _("Neue Beitrittsanfrage für „%(name)s“") % {"name": workspace.name}
    url = workspace_url(workspace, "workspaces:group_settings")
    transaction.on_commit(
        lambda: notify(user_ids=list(admins), verb="workspace.join_request", title=title, url=url)
    )
    return join_request


@transaction.atomic
def decide_join_request(*, actor: Actor, join_request: JoinRequest, approve: bool) -> JoinRequest:
    """A workspace admin approves (the person becomes a member) or declines a request."""
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    workspace = _fresh_workspace(actor, join_request.workspace, lock=True)
    if not perms.can_manage_workspace(actor, workspace):
        raise _forbidden(_("Nur Gruppen-Admins entscheiden über Anfragen."))
    if join_request.status != JoinRequestStatus.PENDING:
        raise WorkspaceError(_("Über diese Anfrage wurde schon entschieden."), code="conflict")
    if approve:
        if not _in_scope(actor, join_request.user_id):
            raise WorkspaceError(_("Diese Person gehört nicht mehr dazu."), code="conflict")
        admit_member(workspace, join_request.user_id)
    join_request.status = JoinRequestStatus.APPROVED if approve else JoinRequestStatus.DECLINED
    join_request.decided_at = timezone.now()
    join_request.decided_by_id = actor.user_id
    join_request.save(update_fields=["status", "decided_at", "decided_by"])
    if approve:
        title = _("Du bist jetzt Mitglied von „%(name)s“") % {"name": workspace.name}
        url = workspace_url(workspace)
        user_id = join_request.user_id
        transaction.on_commit(
            lambda: notify(user_ids=[user_id], verb="workspace.joined", title=title, url=url)
        )
    return join_request


def _in_scope(actor: Actor, user_id: int) -> bool:
    """Still one of the scope's people (an active member of the organisation)."""
    User = get_user_model()
    return User.objects.filter(pk=user_id, pk__in=actor.scope.user_ids()).exists()


def _admin_count(workspace: Workspace) -> int:
    return WorkspaceMember.objects.filter(workspace=workspace, role__in=MANAGING_ROLES).count()


def _remove(workspace: Workspace, member: WorkspaceMember) -> None:
    if member.role == WorkspaceRole.OWNER and workspace.member_count > 1:
        raise WorkspaceError(_handover_message(), code="conflict")
    if (
        member.role in MANAGING_ROLES
        and workspace.member_count > 1
        and _admin_count(workspace) <= 1
    ):
        raise WorkspaceError(
            _last_admin_message(),
            code="conflict",
        )
    member.delete()
    Workspace.objects.filter(pk=workspace.pk).update(
        member_count=Greatest(F("member_count") - 1, Value(0))
    )
    workspace.member_count = max(workspace.member_count - 1, 0)


@transaction.atomic
def leave_workspace(*, actor: Actor, workspace: Workspace) -> None:
    """Leave a workspace. Posts stay. The last admin leaves only after naming another one."""
    workspace = _fresh_workspace(actor, workspace, lock=True)
    member = WorkspaceMember.objects.filter(workspace=workspace, user_id=actor.user_id).first()
    if member is None:
        raise WorkspaceError(_("Du bist kein Mitglied dieser Gruppe."), code="conflict")
    _remove(workspace, member)


def _person_in_scope(actor: Actor, user: Any) -> None:
    if user is None or not _in_scope(actor, user.pk):
        raise WorkspaceError(_("Diese Person gehört nicht dazu."), field="person")


@transaction.atomic
def add_workspace_member(*, actor: Actor, workspace: Workspace, user: Any) -> WorkspaceMember:
    """Admins add someone from the scope (the only way into a secret workspace)."""
    workspace = _fresh_workspace(actor, workspace, lock=True)
    if not perms.can_manage_workspace(actor, workspace):
        raise _forbidden(_("Nur Gruppen-Admins nehmen Personen auf."))
    _person_in_scope(actor, user)
    return admit_member(workspace, user.pk)


@transaction.atomic
def set_member_role(*, actor: Actor, workspace: Workspace, user: Any, role: str) -> WorkspaceMember:
    workspace = _fresh_workspace(actor, workspace, lock=True)
    if not perms.can_manage_workspace(actor, workspace):
        raise _forbidden(_("Nur Gruppen-Admins vergeben Rollen."))
    if role not in (WorkspaceRole.MEMBER, WorkspaceRole.ADMIN):  # owners change by hand-over
        raise WorkspaceError(_("Unbekannte Rolle."), field="role")
    member = WorkspaceMember.objects.filter(workspace=workspace, user_id=user.pk).first()
    if member is None:
        raise WorkspaceError(_("Diese Person ist kein Mitglied der Gruppe."), code="not_found")
    if member.role == WorkspaceRole.OWNER:
        raise WorkspaceError(_handover_message(), code="conflict")
    if (
        member.role == WorkspaceRole.ADMIN
        and role != WorkspaceRole.ADMIN
        and _admin_count(workspace) <= 1
    ):
        raise WorkspaceError(
            _last_admin_message(),
            code="conflict",
        )
    member.role = role
    member.save(update_fields=["role"])
    return member


@transaction.atomic
def hand_over_workspace(*, actor: Actor, workspace: Workspace, user: Any) -> WorkspaceMember:
    """The owner (or a moderator) makes another member the owner; the old owner stays as a
    co-owner (admin)."""
    workspace = _fresh_workspace(actor, workspace, lock=True)
    if not (actor.is_moderator or perms.role_in(workspace) == WorkspaceRole.OWNER):
        raise _forbidden(_("Nur die oder der Verantwortliche übergibt die Box."))
    member = WorkspaceMember.objects.filter(workspace=workspace, user_id=user.pk).first()
    if member is None:
        raise WorkspaceError(_("Diese Person ist kein Mitglied der Gruppe."), code="not_found")
    if member.role == WorkspaceRole.OWNER:
        raise WorkspaceError(_("Diese Person ist schon verantwortlich."), code="conflict")
    WorkspaceMember.objects.filter(workspace=workspace, role=WorkspaceRole.OWNER).update(
        role=WorkspaceRole.ADMIN
    )
    member.role = WorkspaceRole.OWNER
    member.save(update_fields=["role"])
    title = _("Du bist jetzt verantwortlich für „%(name)s“") % {"name": workspace.name}
    url = workspace_url(workspace)
    transaction.on_commit(
        lambda: notify(
            user_ids=[member.user_id], verb="workspace.handed_over", title=title, url=url
        )
    )
    return member


@transaction.atomic
def remove_workspace_member(*, actor: Actor, workspace: Workspace, user: Any) -> None:
    workspace = _fresh_workspace(actor, workspace, lock=True)
    if not perms.can_manage_workspace(actor, workspace):
        raise _forbidden(_("Nur Gruppen-Admins nehmen Personen aus der Gruppe."))
    member = WorkspaceMember.objects.filter(workspace=workspace, user_id=user.pk).first()
    if member is None:
        raise WorkspaceError(_("Diese Person ist kein Mitglied der Gruppe."), code="not_found")
    _remove(workspace, member)


# --- Posts, comments, reactions ---------------------------------------------------------------


def _mentioned_user_ids(actor: Actor, text: str, workspace: Workspace | None) -> set[int]:
    """People of the scope named after an ``@`` who can read the post."""
    return mentioned_user_ids(text, mentionable_people(actor, workspace), exclude=actor.user_id)


def _record_mentions(actor: Actor, post: Post, text: str) -> None:
    user_ids = _mentioned_user_ids(actor, text, post.workspace)
    if not user_ids:
        return
    already = set(
        Mention.objects.filter(post=post, user_id__in=user_ids).values_list("user_id", flat=True)
    )
    Mention.objects.bulk_create(
        [Mention(post=post, user_id=uid) for uid in sorted(user_ids - already)]
    )
    jobs.enqueue("workspaces.tasks.notify_mentions", post.pk)


def notify_mentions(*, post_id: int) -> int:
    """Tell everyone mentioned in a post or its comments who has not been told yet."""
    with transaction.atomic():
        pending = list(
            Mention.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(post_id=post_id, notified_at__isnull=True)
            .select_related("post", "post__author")
        )
        sent = 0
        for mention in pending:
            source = mention.post
            author = source.author.name if source.author is not None else _("Jemand")
            title = _("%(name)s hat dich in einem Beitrag erwähnt") % {"name": author}
            sent += notify(
                user_ids=[mention.user_id],
                verb="workspace.mention",
                title=title,
                url=post_path(mention.post),
            )
        Mention.objects.filter(pk__in=[m.pk for m in pending]).update(notified_at=timezone.now())
    return sent


@transaction.atomic
def create_post(*, actor: Actor, body: str, workspace: Workspace | None = None) -> Post:
    """Post in a workspace (members) or in the scope's own feed (everyone who may write)."""
    if workspace is not None:
        workspace = _fresh_workspace(actor, workspace)
    if not perms.can_post_in(actor, workspace):
        if not actor.can_write:
            raise _forbidden(_("Als Gast kannst du mitlesen, aber nicht schreiben."))
        raise _forbidden(_("Tritt der Gruppe bei, um hier zu schreiben."))
    text = _clean_text(body, maximum=POST_MAX, field="body", what=_("Ein Beitrag"))
    ratelimit.hit("post.create", actor.user_id)
    post = Post.objects.create(
        workspace=workspace, author_id=actor.user_id, body=text, body_html=render_markdown(text)
    )
    _record_mentions(actor, post, text)
    if workspace is not None and actor.scope.kind == "network":
        jobs.enqueue("workspaces.tasks.notify_new_post", post.pk)
    return post


def notify_new_post(*, post_id: int) -> int:
    """Tell a box's other members about a new post (network boxes: a box is small enough to
    tell everyone; an intranet group's feed is where its members look). People mentioned in
    the post hear of it through the mention instead."""
    post = (
        Post.objects.select_related("workspace", "author")
        .filter(pk=post_id, workspace__isnull=False)
        .first()
    )
    if post is None or post.workspace is None:
        return 0
    members = set(
        WorkspaceMember.objects.filter(workspace=post.workspace).values_list("user_id", flat=True)
    )
    mentioned = set(Mention.objects.filter(post=post).values_list("user_id", flat=True))
    author = post.author.name if post.author is not None else _("Jemand")
    title = _("%(name)s hat in „%(box)s“ geschrieben") % {
        "name": author,
        "box": post.workspace.name,
    }
    return notify(
        user_ids=members - mentioned - {post.author_id},
        verb="workspace.post",
        title=title,
        url=post_path(post),
    )


@transaction.atomic
def edit_post(*, actor: Actor, post: Post, body: str) -> Post:
    post = _fresh_post(actor, post, lock=True)
    if not perms.can_edit_post(actor, post):
        raise _forbidden(_("Du kannst nur deine eigenen Beiträge bearbeiten."))
    text = _clean_text(body, maximum=POST_MAX, field="body", what=_("Ein Beitrag"))
    post.body, post.body_html, post.edited_at = text, render_markdown(text), timezone.now()
    post.save(update_fields=["body", "body_html", "edited_at"])
    _record_mentions(actor, post, text)
    return post


@transaction.atomic
def delete_post(*, actor: Actor, post: Post) -> None:
    """The author, or a workspace admin or moderator, deletes a post with its comments."""
    post = _fresh_post(actor, post, lock=True)
    if not perms.can_delete_post(actor, post):
        raise _forbidden(_("Du kannst nur deine eigenen Beiträge löschen."))
    threads.delete_thread(kind=POST_KIND, target_id=post.pk)
    post.delete()


@transaction.atomic
def set_pinned(*, actor: Actor, post: Post, pinned: bool) -> Post:
    post = _fresh_post(actor, post, lock=True)
    if not perms.can_pin_post(actor, post):
        raise _forbidden(_("Nur Admins heften Beiträge an."))
    post.pinned_at = timezone.now() if pinned else None
    post.pinned_by_id = actor.user_id if pinned else None
    post.save(update_fields=["pinned_at", "pinned_by"])
    return post


def post_of(comment: Comment) -> Post | None:
    return Post.objects.filter(pk=comment.thread.target_id).first()


@transaction.atomic
def add_comment(*, actor: Actor, post: Post, body: str, parent: Comment | None = None) -> Comment:
    """Comment on a post the actor can read (the thread keeps count, mentions, notifications)."""
    post = _fresh_post(actor, post, lock=True)
    if not perms.can_take_part(actor, post):
        raise _forbidden(_("Als Gast kannst du mitlesen, aber nicht schreiben."))
    return threads.post_comment(
        kind=POST_KIND,
        target_id=post.pk,
        author_id=actor.user_id,
        body=body,
        parent=parent,
        mention_people=mentionable_people(actor, post.workspace),
    )


def delete_comment(*, actor: Actor, comment: Comment) -> None:
    """The author, or whoever may pin the post (admins), deletes a comment: the thread block's
    rule, asked through this place's hooks below."""
    if comment.thread.kind != POST_KIND:
        raise WorkspaceError(_("Diesen Kommentar gibt es nicht."), code="not_found")
    threads.delete_as(actor, comment=comment)


def _comment_link(comment: Comment) -> str:
    post = post_of(comment)
    return f"{post_path(post)}#kommentar-{comment.public_id}" if post is not None else "/"


def _can_read(actor: Actor | None, comment: Comment) -> bool:
    if actor is None:
        return False
    post = post_of(comment)
    return post is not None and readable_posts(actor).filter(pk=post.pk).exists()


def _readable_post_of(actor: Actor, comment: Comment) -> Post | None:
    """The comment's post as the actor reads it (with ``my_role``), or None."""
    return readable_posts(actor).filter(pk=comment.thread.target_id).first()


def _can_write_on(actor: Actor, comment: Comment) -> bool:
    post = _readable_post_of(actor, comment)
    return post is not None and perms.can_take_part(actor, post)


def _moderates(actor: Actor, comment: Comment) -> bool:
    post = _readable_post_of(actor, comment)
    return post is not None and perms.can_pin_post(actor, post)


def _mention_people(actor: Actor, comment: Comment) -> QuerySet[Any]:
    post = post_of(comment)
    return mentionable_people(actor, post.workspace if post is not None else None)


PLACE = Place(
    kind=POST_KIND,
    target_model="workspaces.Post",
    reactions=True,
    link=_comment_link,
    can_read=_can_read,
    can_write=_can_write_on,
    can_moderate=_moderates,
    mention_people=_mention_people,
)


def _clean_kind(kind: str) -> str:
    if kind not in ReactionKind.values:
        raise WorkspaceError(_("Diese Reaktion gibt es nicht."), field="kind")
    return kind


@transaction.atomic
def react(*, actor: Actor, post: Post, kind: str, on: bool = True) -> bool:
    """Add (``on``) or take back a reaction; doing it twice changes nothing. Returns ``on``."""
    post = _reactable(actor, post)
    kind = _clean_kind(kind)
    if on:
        Reaction.objects.get_or_create(post=post, user_id=actor.user_id, kind=kind)
    else:
        Reaction.objects.filter(post=post, user_id=actor.user_id, kind=kind).delete()
    return on


def _reactable(actor: Actor, post: Post) -> Post:
    post = _fresh_post(actor, post)
    if not perms.can_take_part(actor, post):
        raise _forbidden(_("Als Gast kannst du mitlesen, aber nicht reagieren."))
    return post


@transaction.atomic
def toggle_reaction(*, actor: Actor, post: Post, kind: str) -> bool:
    post = _reactable(actor, post)  # who may, before what: a guest hears "no", not "which?"
    kind = _clean_kind(kind)
    exists = Reaction.objects.filter(post_id=post.pk, user_id=actor.user_id, kind=kind).exists()
    return react(actor=actor, post=post, kind=kind, on=not exists)

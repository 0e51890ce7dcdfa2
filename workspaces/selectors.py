"""Reads for workspace pages and the API, in whatever schema the request runs in.

Every read takes the ``Actor`` and returns only what they may see; the actor's role in a
workspace comes along as ``my_role`` (one subquery), so permission checks on a page need no
further queries. Feeds page by keyset on the post id (no OFFSET, no COUNT): a deep page costs
what the first one costs, and a page runs the same few queries however many posts there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Q, QuerySet, Subquery, prefetch_related_objects

from config import keyset
from threads.models import Comment
from threads.selectors import (
    ThreadPage,
    attach_comment_reactions,
    attach_reaction_summaries,
    comment_thread,
    thread_page,
)
from workspaces.models import (
    JoinRequest,
    JoinRequestStatus,
    Post,
    Reaction,
    Visibility,
    Workspace,
    WorkspaceMember,
)
from workspaces.permissions import Actor

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
PINNED_LIMIT = 5
WORKSPACE_LIST_LIMIT = 500
COMMENT_LIMIT = 200
MEMBER_LIST_LIMIT = 500


def role_subquery(actor: Actor, workspace_ref: str) -> Subquery:
    return Subquery(
        WorkspaceMember.objects.filter(
            workspace_id=OuterRef(workspace_ref), user_id=actor.user_id
        ).values("role")[:1]
    )


def _my_workspace_ids(actor: Actor) -> QuerySet[Any]:
    return WorkspaceMember.objects.filter(user_id=actor.user_id).values("workspace_id")


def visible_workspaces(actor: Actor) -> QuerySet[Workspace]:
    qs = Workspace.objects.annotate(my_role=role_subquery(actor, "pk"))
    if actor.is_moderator:
        return qs
    return qs.filter(
        Q(visibility__in=[Visibility.OPEN, Visibility.CLOSED]) | Q(pk__in=_my_workspace_ids(actor))
    )


def workspace_list(actor: Actor, *, mine_only: bool = False) -> list[Workspace]:
    """The workspaces the actor may see (secret ones only if they belong), by name."""
    qs = visible_workspaces(actor)
    if mine_only:
        qs = qs.filter(pk__in=_my_workspace_ids(actor))
    return list(qs.order_by("name", "id")[:WORKSPACE_LIST_LIMIT])


def workspace_for(actor: Actor, slug: str) -> Workspace | None:
    return visible_workspaces(actor).filter(slug=slug).first()


NAV_BOXES = 8


@dataclass
class NavBoxes:
    boxes: list[Workspace]
    more: bool


def nav_boxes(user_id: int, limit: int = NAV_BOXES) -> NavBoxes:
    """The boxes (and friend circles) a person belongs to, for the header's menu: one query,
    at most ``limit`` with a flag for more."""
    rows = list(
        Workspace.objects.filter(members__user_id=user_id)
        .order_by("name", "id")
        .only("name", "slug")[: limit + 1]
    )
    return NavBoxes(boxes=rows[:limit], more=len(rows) > limit)


def members_of(workspace: Workspace, limit: int = MEMBER_LIST_LIMIT) -> list[WorkspaceMember]:
    return list(
        WorkspaceMember.objects.filter(workspace=workspace)
        .select_related("user")
        .order_by("-role", "joined_at", "id")[:limit]
    )


def pending_requests(workspace: Workspace, limit: int = 200) -> list[JoinRequest]:
    return list(
        JoinRequest.objects.filter(workspace=workspace, status=JoinRequestStatus.PENDING)
        .select_related("user")
        .order_by("created_at", "id")[:limit]
    )


def has_pending_request(actor: Actor, workspace: Workspace) -> bool:
    return JoinRequest.objects.filter(
        workspace=workspace, user_id=actor.user_id, status=JoinRequestStatus.PENDING
    ).exists()


# --- Posts ---------------------------------------------------------------------------------


@dataclass
class FeedPage:
    items: list[Post]
    next_cursor: str | None
    pinned: list[Post] = field(default_factory=list)
    newest_cursor: str | None = None  # the "new posts" poll continues from here


def encode_cursor(post_id: int) -> str:
    return keyset.encode(post_id)


def decode_cursor(cursor: str) -> int | None:
    """The post id in a cursor, or None for anything forged or broken."""
    position = keyset.decode(cursor, int)
    return position[0] if position is not None else None


# What a post shows besides its own row: its attachments. They live in the documents app
# (related name only: no import of it here).
POST_PREFETCHES = ("attachments__document__current_version",)


def readable_posts(actor: Actor, *, author_state: bool = True) -> QuerySet[Post]:
    """Posts the actor may read, annotated for display and permission checks.

    ``author_state=False`` leaves out ``author_is_current``; a page then adds it with
    ``attach_author_state`` after its LIMIT (one query for the page's authors). As a subquery
    of a page's SELECT, PostgreSQL plans it for every readable post and hashes every person of
    the scope instead: 6 ms per page with 20,000 members, growing with them
    (docs/benchmarks-intranet.md)."""
    annotations: dict[str, Any] = {"my_role": role_subquery(actor, "workspace_id")}
    if author_state:
        annotations["author_is_current"] = actor.scope.includes("author_id")
    qs = Post.objects.select_related("author", "workspace").prefetch_related(*POST_PREFETCHES)
    qs = qs.annotate(**annotations)
    return qs.filter(readable_area(actor))


def attach_author_state(actor: Actor, posts: list[Post]) -> None:
    """Give each post ``author_is_current`` (its author still belongs to the scope): one
    query for the whole list, by the authors' ids."""
    ids = {p.author_id for p in posts if p.author_id is not None}
    field = actor.scope.person_field
    current = (
        set(actor.scope.people().filter(**{f"{field}__in": ids}).values_list(field, flat=True))
        if ids
        else set()
    )
    for post in posts:
        post.author_is_current = post.author_id in current  # type: ignore[attr-defined]


def readable_area(actor: Actor, field: str = "workspace") -> Q:
    """The query twin of ``can_read_workspace`` for rows that belong to a workspace or (no
    workspace) to the whole scope: posts, documents, anything a workspace holds."""
    if actor.is_moderator:
        return Q()
    return (
        Q(**{f"{field}__isnull": True})
        | Q(**{f"{field}__visibility": Visibility.OPEN})
        | Q(**{f"{field}_id__in": _my_workspace_ids(actor)})
    )


def _feed(actor: Actor, workspace: Workspace | None) -> QuerySet[Post]:
    qs = readable_posts(actor, author_state=False)  # attach_author_state after the LIMIT
    return qs.filter(workspace=workspace) if workspace is not None else qs


def feed_page(
    actor: Actor,
    *,
    workspace: Workspace | None = None,
    cursor: str = "",
    limit: int = PAGE_SIZE,
) -> FeedPage:
    """Newest first. Without a workspace: the scope's whole feed (its own posts and those of
    every workspace the actor may read). Pinned posts head the first page and are left out of
    the stream (in the scope's feed only the scope's own pinned posts)."""
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    qs = _feed(actor, workspace).prefetch_related(None)  # once for both lists, below
    pinned_here = Q(pinned_at__isnull=False) & (
        Q(workspace=workspace) if workspace is not None else Q(workspace__isnull=True)
    )
    stream = qs.exclude(pinned_here)
    before = decode_cursor(cursor) if cursor else None
    if before is not None:
        stream = stream.filter(id__lt=before)
    items = list(stream.order_by("-id")[: limit + 1])
    next_cursor = None
    if len(items) > limit:
        items = items[:limit]
        next_cursor = encode_cursor(items[-1].pk)
    pinned: list[Post] = []
    if not cursor:
        pinned = list(qs.filter(pinned_here).order_by("-pinned_at", "-id")[:PINNED_LIMIT])
    prefetch_related_objects(items + pinned, *POST_PREFETCHES)
    attach_reactions(actor, items + pinned)
    attach_author_state(actor, items + pinned)
    newest = None if cursor else encode_cursor(max([p.pk for p in items + pinned], default=0))
    return FeedPage(items=items, next_cursor=next_cursor, pinned=pinned, newest_cursor=newest)


def new_posts(
    actor: Actor, *, workspace: Workspace | None = None, after: str = "", limit: int = PAGE_SIZE
) -> FeedPage:
    """Posts newer than ``after`` (for the feed's poll), newest first, at most ``limit``."""
    since = decode_cursor(after)
    if since is None:
        return FeedPage(items=[], next_cursor=None, newest_cursor=None)
    items = list(_feed(actor, workspace).filter(id__gt=since).order_by("-id")[:limit])
    attach_reactions(actor, items)
    attach_author_state(actor, items)
    newest = items[0].pk if items else since
    return FeedPage(items=items, next_cursor=None, newest_cursor=encode_cursor(newest))


def post_for(actor: Actor, public_id: Any) -> Post | None:
    post = readable_posts(actor).filter(public_id=public_id).first()
    if post is not None:
        attach_reactions(actor, [post])
    return post


def attach_reactions(actor: Actor, posts: list[Post]) -> None:
    """Give each post ``reaction_summary`` (one query for the whole list)."""
    attach_reaction_summaries(posts, Reaction.objects.all(), "post_id", actor.user_id)


def comments_of(actor: Actor, post: Post, limit: int = COMMENT_LIMIT) -> list[Comment]:
    """A post's comments with their replies and reactions, oldest first (the first ``limit``),
    from its thread: three queries."""
    comments = comment_thread(
        "post", post.pk, limit=limit, author_is_current=actor.scope.includes("author_id")
    )
    attach_comment_reactions(comments, actor.user_id)
    return comments


def comment_page_of(actor: Actor, post: Post, cursor: str | None = None) -> ThreadPage:
    """One page of a post's thread for the post page, with reactions: three queries."""
    page = thread_page(
        "post", post.pk, cursor=cursor, author_is_current=actor.scope.includes("author_id")
    )
    attach_comment_reactions(page.comments, actor.user_id)
    return page


def people_named(actor: Actor, name: str, limit: int = 2) -> list[Any]:
    """People of the scope whose display name is ``name`` (any case); at most ``limit``."""
    from django.db.models.functions import Lower

    name = (name or "").strip().lower()
    if not name:
        return []
    return list(
        get_user_model()
        .objects.filter(pk__in=actor.scope.user_ids(), is_active=True)
        .annotate(lname=Lower("display_name"))
        .filter(lname=name)
        .order_by("pk")[:limit]
    )


def person_by_public_id(actor: Actor, public_id: Any) -> Any:
    """Anyone who is or was in a workspace, by their public id (for member management)."""
    return get_user_model().objects.filter(public_id=public_id).first()


MENTION_SUGGESTIONS = 8


def mentionable_people(actor: Actor, workspace: Workspace | None) -> QuerySet[Any]:
    """Who may be mentioned: people of the scope who can read the post (in a closed or secret
    workspace, its members)."""
    people = get_user_model().objects.filter(pk__in=actor.scope.user_ids(), is_active=True)
    if workspace is not None and workspace.visibility != Visibility.OPEN:
        people = people.filter(
            pk__in=WorkspaceMember.objects.filter(workspace=workspace).values("user_id")
        )
    return people


def mention_suggestions(
    actor: Actor, workspace: Workspace | None, prefix: str, *, limit: int = MENTION_SUGGESTIONS
) -> list[str]:
    """Display names offered after an ``@``: people who can be mentioned here
    (mentionable_people) and whom the actor may see anyway. On the network that is a
    box's members only, never the whole network; on an intranet the directory's people when the
    actor may see the directory, else the group's members."""
    prefix = prefix.strip()[:40]
    if not prefix:
        return []
    people = mentionable_people(actor, workspace).exclude(pk=actor.user_id)
    if workspace is None and not actor.sees_directory:
        return []
    if workspace is not None and (actor.scope.kind == "network" or not actor.sees_directory):
        people = people.filter(
            pk__in=WorkspaceMember.objects.filter(workspace=workspace).values("user_id")
        )
    matching = people.filter(
        Q(display_name__istartswith=prefix) | Q(display_name__icontains=f" {prefix}")
    ).exclude(display_name="")
    return list(matching.order_by("display_name").values_list("display_name", flat=True)[:limit])

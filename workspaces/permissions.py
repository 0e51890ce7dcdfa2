"""Who may do what in a workspace. One set of rules for intranet groups and network boxes.

The scope (an organisation's intranet or the public network) turns a visitor into an ``Actor``
with three flags; the rules below only look at those flags and at the actor's role in the
workspace, so the same functions serve views, templates, the API and services everywhere.

Visibility: *open* workspaces are readable by everyone in the scope and anyone may join;
*closed* ones are listed, but only members read them and joining needs an admin's approval;
*secret* ones are invisible to non-members. Moderators (organisation admins and owners, or
platform staff on the network) see and manage every workspace.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from workspaces.models import MANAGING_ROLES, Post, Visibility, Workspace


@dataclass(frozen=True)
class Scope:
    """Where workspaces live. ``people`` returns everyone currently in the scope (an
    organisation's active memberships; the network's active accounts), ``person_field`` names
    the user id in those rows. Mentions and added members must come from the scope, and
    authors outside it are shown as former members."""

    kind: str  # "intranet" or "network"
    people: Callable[[], QuerySet[Any]]
    person_field: str

    def user_ids(self) -> QuerySet[Any]:
        return self.people().values(self.person_field)

    def includes(self, user_ref: str) -> Exists:
        """True for rows whose ``user_ref`` column is one of the people (an index lookup)."""
        return Exists(self.people().filter(**{self.person_field: OuterRef(user_ref)}))


@dataclass(frozen=True)
class Actor:
    user: Any
    scope: Scope
    can_write: bool  # post, comment, react, join (intranet guests read only)
    can_create: bool  # create workspaces
    is_moderator: bool  # see and manage every workspace; pin posts in the scope-wide feed
    sees_directory: bool = False  # may list the scope's people (intranet: members, not guests)

    @property
    def user_id(self) -> int:
        return int(self.user.pk)


def role_in(obj: Workspace | Post) -> str | None:
    """The actor's role in the workspace (of a post), as annotated by the selectors."""
    return getattr(obj, "my_role", None)


def can_see_workspace(actor: Actor, workspace: Workspace) -> bool:
    return (
        workspace.visibility != Visibility.SECRET
        or actor.is_moderator
        or role_in(workspace) is not None
    )


def can_read_workspace(actor: Actor, workspace: Workspace) -> bool:
    return (
        workspace.visibility == Visibility.OPEN
        or actor.is_moderator
        or role_in(workspace) is not None
    )


def can_manage_workspace(actor: Actor, workspace: Workspace) -> bool:
    return actor.is_moderator or role_in(workspace) in MANAGING_ROLES


def can_join_workspace(actor: Actor, workspace: Workspace) -> bool:
    return (
        actor.can_write and role_in(workspace) is None and workspace.visibility == Visibility.OPEN
    )


def can_request_to_join(actor: Actor, workspace: Workspace) -> bool:
    return (
        actor.can_write and role_in(workspace) is None and workspace.visibility == Visibility.CLOSED
    )


def can_post_in(actor: Actor, workspace: Workspace | None) -> bool:
    """Members post in their workspaces; everyone who may write posts in the scope's feed."""
    if not actor.can_write:
        return False
    if workspace is None:
        return True
    return role_in(workspace) is not None or actor.is_moderator


def can_take_part(actor: Actor, post: Post) -> bool:
    """Comment and react: whoever may read the post (checked when it was fetched) and write."""
    return actor.can_write


def can_edit_post(actor: Actor, post: Post) -> bool:
    return actor.can_write and post.author_id == actor.user_id


def can_delete_post(actor: Actor, post: Post) -> bool:
    if post.author_id == actor.user_id and actor.can_write:
        return True
    return can_pin_post(actor, post)


def can_pin_post(actor: Actor, post: Post) -> bool:
    """Workspace admins pin in their workspace; moderators anywhere, also in the scope's feed.

    ``post.my_role`` is the actor's role in the post's workspace, annotated by the selectors.
    """
    if actor.is_moderator:
        return True
    return post.workspace_id is not None and role_in(post) in MANAGING_ROLES

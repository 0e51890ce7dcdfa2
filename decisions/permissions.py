"""Who may do what with discussions and proposals: built on the workspace rules
(workspaces/permissions.py), never beside them. A discussion is as visible as its workspace;
``discussion.workspace.my_role`` is the actor's role there, annotated by the selectors.
"""

from __future__ import annotations

from decisions.models import Discussion, Proposal
from workspaces import permissions as ws
from workspaces.permissions import Actor


def can_read_discussion(actor: Actor, discussion: Discussion) -> bool:
    return discussion.workspace is None or ws.can_read_workspace(actor, discussion.workspace)


def can_start_discussion(actor: Actor, workspace: ws.Workspace | None) -> bool:
    """Whoever may post in the workspace (or in the scope's feed) may open a discussion. The
    network has no scope-wide discussions: they belong to a box."""
    if workspace is None and actor.scope.kind == "network":
        return False
    return ws.can_post_in(actor, workspace)


def can_comment(actor: Actor, discussion: Discussion) -> bool:
    return ws.can_post_in(actor, discussion.workspace)


def can_moderate_comments(actor: Actor, discussion: Discussion) -> bool:
    """Delete other people's comments: moderators of the scope and the group's admins."""
    if actor.is_moderator:
        return True
    workspace = discussion.workspace
    return workspace is not None and ws.can_manage_workspace(actor, workspace)


def can_vote(actor: Actor, discussion: Discussion) -> bool:
    """The eligible voters: in a group its members who may write; in the scope's own
    discussions everyone who may write. (Moderators who are not in the group may open and
    close proposals there, but the group decides.) Matches ``selectors.eligible_voters``."""
    if not actor.can_write:
        return False
    return discussion.workspace is None or ws.role_in(discussion.workspace) is not None


def can_propose(actor: Actor, discussion: Discussion) -> bool:
    return ws.can_post_in(actor, discussion.workspace)


def can_close_proposal(actor: Actor, proposal: Proposal) -> bool:
    """The proposer, the workspace's admins and the scope's moderators close early."""
    if not actor.can_write:
        return False
    if proposal.author_id == actor.user_id:
        return True
    workspace = proposal.discussion.workspace
    if actor.is_moderator:
        return True
    return workspace is not None and ws.can_manage_workspace(actor, workspace)

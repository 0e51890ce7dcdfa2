"""Who may do what with a motion. The box drafts it: its members read and edit the draft,
its owner and co-owners (workspace managers) open the signing and submit. Once signing opens
the motion is public: anyone reads it, people with a verified account sign. The body's
administration answers it from its intranet (motions/services/receiving.py).

``motion.workspace`` must carry the reader's role (``my_role``), as the selectors and
``fresh_motion`` give it."""

from __future__ import annotations

from motions.models import OPEN_STATES, PUBLIC_STATES, Motion
from workspaces import permissions as perms
from workspaces.permissions import Actor


def is_member(actor: Actor, motion: Motion) -> bool:
    return perms.role_in(motion.workspace) is not None


def can_read(actor: Actor | None, motion: Motion) -> bool:
    if motion.state in PUBLIC_STATES:
        return True
    return actor is not None and (actor.is_moderator or is_member(actor, motion))


def can_read_draft(actor: Actor, motion: Motion) -> bool:
    """The box's own view: versions, diffs, paragraph threads, the outbox."""
    return actor.is_moderator or is_member(actor, motion)


def can_edit(actor: Actor, motion: Motion) -> bool:
    return actor.can_write and is_member(actor, motion) and motion.state in OPEN_STATES


def can_manage(actor: Actor, motion: Motion) -> bool:
    """Open the signing, submit: the box's owner and co-owners."""
    return (
        actor.can_write
        and perms.role_in(motion.workspace) is not None
        and perms.can_manage_workspace(actor, motion.workspace)
    )


def can_start(actor: Actor, workspace: object) -> bool:
    """Members of a box (a workspace with an impulse) start motions."""
    return actor.can_write and perms.role_in(workspace) is not None  # type: ignore[arg-type]

"""Who may do what with documents. Built on the workspace rules (workspaces/permissions.py),
never beside them: reading follows ``can_read_workspace`` (so a secret group's documents are
invisible to non-members), uploading follows ``can_post_in`` (guests and read-only
organisations upload nothing), and changing follows ``can_manage_workspace`` or authorship.

Documents without a workspace belong to the whole scope: every member of an organisation reads
them. The network has no such area: its documents belong to boxes.
"""

from __future__ import annotations

from documents.models import Document, Folder
from workspaces import permissions as perms
from workspaces.models import Workspace
from workspaces.permissions import Actor


def can_read_area(actor: Actor, workspace: Workspace | None) -> bool:
    if workspace is None:
        return actor.scope.kind != "network"
    return perms.can_read_workspace(actor, workspace)


def can_upload(actor: Actor, workspace: Workspace | None) -> bool:
    """Upload documents, new versions and make folders: whoever may post there."""
    return can_read_area(actor, workspace) and perms.can_post_in(actor, workspace)


def _can_change(actor: Actor, workspace: Workspace | None, created_by_id: int | None) -> bool:
    if not actor.can_write:
        return False
    if actor.is_moderator:
        return True
    if workspace is not None and perms.can_manage_workspace(actor, workspace):
        return True
    return created_by_id == actor.user_id and perms.can_post_in(actor, workspace)


def can_change_document(actor: Actor, document: Document) -> bool:
    """Rename, move, delete: the one who created it (while they may still post there), group
    admins, organisation admins."""
    return _can_change(actor, document.workspace, document.created_by_id)


def can_change_folder(actor: Actor, folder: Folder) -> bool:
    return _can_change(actor, folder.workspace, folder.created_by_id)

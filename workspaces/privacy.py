"""Workspaces (intranet groups, citizen boxes) in a person's data rights (see accounts/privacy.py).

Memberships, join requests, reactions, mentions and invitations mailed to the person go;
posts and comments stay for the group without an author ("ehemaliges Mitglied"), as do the
groups the person founded and the invitations they made.
"""

from __future__ import annotations

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from accounts.models import User
from accounts.privacy import Rows, addresses, by_user, deleted, null_out, rows
from workspaces.models import (
    JoinRequest,
    Mention,
    Post,
    Reaction,
    Workspace,
    WorkspaceInvitation,
    WorkspaceMember,
)

MODELS = [
    "workspaces.Workspace",
    "workspaces.WorkspaceMember",
    "workspaces.JoinRequest",
    "workspaces.Post",
    "workspaces.Reaction",
    "workspaces.Mention",
    "workspaces.WorkspaceInvitation",
]


def export(user: User) -> dict[str, Rows]:
    return {
        "workspaces_created": rows(by_user(Workspace, user, "created_by")),
        "memberships": rows(by_user(WorkspaceMember, user, "user")),
        "join_requests": rows(by_user(JoinRequest, user, "user")),
        "posts": rows(by_user(Post, user, "author", "pinned_by")),
        "reactions": rows(by_user(Reaction, user, "user")),
        "mentions": rows(by_user(Mention, user, "user")),
        "invitations": rows(
            by_user(WorkspaceInvitation, user, "created_by", "accepted_by")
            | WorkspaceInvitation.objects.filter(email__iexact=user.email)
        ),
    }


def erase(user: User) -> int:
    joined = set(by_user(WorkspaceMember, user, "user").values_list("workspace_id", flat=True))
    count = deleted(by_user(WorkspaceMember, user, "user"))
    if joined:
        Workspace.objects.filter(pk__in=joined).update(
            member_count=Coalesce(
                Subquery(
                    WorkspaceMember.objects.filter(workspace=OuterRef("pk"))
                    .values("workspace")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            )
        )
    count += deleted(by_user(JoinRequest, user, "user"))
    count += deleted(by_user(Reaction, user, "user"))
    count += deleted(by_user(Mention, user, "user"))
    count += null_out(JoinRequest, user, "decided_by")
    count += null_out(Post, user, "author", "pinned_by")
    # Invitations mailed to the person go (their address); those they made stay unsigned.
    count += deleted(WorkspaceInvitation.objects.filter(addresses(user)))
    count += null_out(WorkspaceInvitation, user, "created_by", "accepted_by")
    return count + null_out(Workspace, user, "created_by")

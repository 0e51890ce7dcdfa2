"""Invitations into a workspace, one implementation for network boxes and intranet groups.

A manager (owner or co-owner of a box, admin of a group, or a moderator) hands out

- a *link*: anyone of the scope who is logged in and opens it joins as a member after one
  click on the confirmation page, until the link is revoked or expires;
- an *e-mail invitation*: a single-use link sent to one address. An existing account also
  gets a notification; on the network, someone without an account signs up first and comes
  back to the same link (the path waits in the session, accounts/adapter.py).

The token is shown once (in the link, in the mail); only its SHA-256 is stored, so a database
dump opens no workspace. Invitations are the only way into a secret workspace (a friend
circle) apart from a manager adding someone by name.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from config import ratelimit
from notifications.services import notify
from workspaces import permissions as perms
from workspaces.models import (
    InvitationQuerySet,
    Workspace,
    WorkspaceInvitation,
    WorkspaceMember,
)
from workspaces.permissions import Actor
from workspaces.services import (
    WorkspaceError,
    _fresh_workspace,
    _in_scope,
    admit_member,
    workspace_url,
)

# How long a link may stay valid at most (days), and how long an e-mail invitation lives.
MAX_LINK_DAYS = 90
EMAIL_VALID_DAYS = 14
# Where the pending invitation waits while someone logs in or signs up.
SESSION_KEY = "workspace_invitation_path"


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: WorkspaceInvitation
    token: str  # shown once; only its hash is stored


def token_hash(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


def _on_network() -> bool:
    tenant = getattr(connection, "tenant", None)
    return tenant is None or bool(getattr(tenant, "is_public", True))


def invitation_path(token: str) -> str:
    """The link's path on this scope's host (also outside a request, e.g. from a task)."""
    from django.conf import settings

    urlconf = settings.PUBLIC_SCHEMA_URLCONF if _on_network() else settings.ROOT_URLCONF
    return reverse("workspaces:invitation", kwargs={"token": token}, urlconf=urlconf)


def absolute(path: str) -> str:
    """``path`` on this host: the network's root domain or the organisation's host."""
    from django.conf import settings

    from tenants.models import absolute_url

    if not _on_network():
        tenant: Any = getattr(connection, "tenant", None)
        return str(tenant.url(path))
    return absolute_url(settings.BASE_DOMAIN, path)


def _manageable(actor: Actor, workspace: Workspace) -> Workspace:
    workspace = _fresh_workspace(actor, workspace, lock=True)
    if not perms.can_manage_workspace(actor, workspace):
        raise WorkspaceError(_("Nur wer die Gruppe verwaltet, lädt andere ein."), code="forbidden")
    if not actor.can_write:
        raise WorkspaceError(_("Als Gast kannst du niemanden einladen."), code="forbidden")
    return workspace


def _issue(actor: Actor, workspace: Workspace, *, email: str, expires_at: Any) -> IssuedInvitation:
    token = secrets.token_urlsafe(32)
    invitation = WorkspaceInvitation.objects.create(
        workspace=workspace,
        token_hash=token_hash(token),
        email=email,
        created_by_id=actor.user_id,
        expires_at=expires_at,
    )
    return IssuedInvitation(invitation=invitation, token=token)


@transaction.atomic
def create_link(
    *, actor: Actor, workspace: Workspace, valid_days: int | None = None
) -> IssuedInvitation:
    """A shareable link into the workspace (``valid_days`` None: until revoked)."""
    workspace = _manageable(actor, workspace)
    if valid_days is not None and not 1 <= valid_days <= MAX_LINK_DAYS:
        raise WorkspaceError(
            _("Ein Link gilt 1 bis %(max)s Tage oder bis du ihn zurückziehst.")
            % {"max": MAX_LINK_DAYS},
            field="valid_days",
        )
    ratelimit.hit("workspace.invite", actor.user_id)
    expires_at = timezone.now() + timedelta(days=valid_days) if valid_days else None
    return _issue(actor, workspace, email="", expires_at=expires_at)


@transaction.atomic
def invite_by_email(*, actor: Actor, workspace: Workspace, email: str) -> IssuedInvitation:
    """Mail a single-use link to ``email``. An account with that address also gets a
    notification; on an intranet only the organisation's people can be invited (others join
    the organisation first, through its own invitations)."""
    workspace = _manageable(actor, workspace)
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise WorkspaceError(_("Bitte gib eine gültige E-Mail-Adresse an."), field="email") from exc
    user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
    if user is not None and WorkspaceMember.objects.filter(workspace=workspace, user=user).exists():
        raise WorkspaceError(_("Diese Person ist schon dabei."), field="email", code="conflict")
    if actor.scope.kind == "intranet" and (user is None or not _in_scope(actor, user.pk)):
        raise WorkspaceError(
            _("Einladen kannst du hier nur Mitglieder der Organisation."), field="email"
        )
    ratelimit.hit("workspace.invite", actor.user_id)
    issued = _issue(
        actor,
        workspace,
        email=email,
        expires_at=timezone.now() + timedelta(days=EMAIL_VALID_DAYS),
    )
    url = absolute(invitation_path(issued.token))
    inviter = actor.user.name
    context = {"workspace": workspace, "inviter": inviter, "url": url, "has_account": user}
    with translation.override("de"):
        subject = render_to_string("workspaces/email/invitation_subject.txt", context).strip()
        body = render_to_string("workspaces/email/invitation.txt", context)
        title = _("%(name)s lädt dich in „%(workspace)s“ ein") % {
            "name": inviter,
            "workspace": workspace.name,
        }
    path = invitation_path(issued.token)

    def deliver() -> None:
        send_mail(subject, body, None, [email])
        if user is not None:
            notify(user_ids=[user.pk], verb="workspace.invitation", title=title, url=path)

    transaction.on_commit(deliver)
    return issued


@transaction.atomic
def revoke(*, actor: Actor, workspace: Workspace, invitation: WorkspaceInvitation) -> None:
    """Take a link or an e-mail invitation back; it lets nobody in from now on."""
    workspace = _manageable(actor, workspace)
    WorkspaceInvitation.objects.filter(
        pk=invitation.pk, workspace=workspace, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())


def invitation_for_token(token: str) -> WorkspaceInvitation:
    """The invitation behind a link, or a clear error why it lets nobody in."""
    invitation = (
        WorkspaceInvitation.objects.select_related("workspace", "created_by")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if invitation is None:
        raise WorkspaceError(_("Diese Einladung gibt es nicht."), code="unknown")
    if invitation.revoked_at is not None:
        raise WorkspaceError(
            _("Diese Einladung wurde zurückgezogen. Bitte lass dich erneut einladen."),
            code="revoked",
        )
    if invitation.expires_at is not None and invitation.expires_at <= timezone.now():
        raise WorkspaceError(
            _("Diese Einladung ist abgelaufen. Bitte lass dich erneut einladen."), code="expired"
        )
    if invitation.accepted_at is not None:
        raise WorkspaceError(_("Diese Einladung wurde schon angenommen."), code="used")
    return invitation


@transaction.atomic
def accept(*, actor: Actor, token: str) -> Workspace:
    """Join the workspace behind ``token`` as a member (already in: nothing changes)."""
    invitation = invitation_for_token(token)
    invitation = WorkspaceInvitation.objects.select_for_update().get(pk=invitation.pk)
    invitation_for_token(token)  # still usable after the lock (a revoke or a second click)
    workspace = Workspace.objects.select_for_update().get(pk=invitation.workspace_id)
    if WorkspaceMember.objects.filter(workspace=workspace, user_id=actor.user_id).exists():
        return workspace
    if not actor.can_write:
        raise WorkspaceError(
            _("Als Gast kannst du mitlesen, aber keiner Gruppe beitreten."), code="forbidden"
        )
    if not _in_scope(actor, actor.user_id):
        raise WorkspaceError(_("Diese Einladung gilt hier nicht für dich."), code="forbidden")
    admit_member(workspace, actor.user_id)
    update: dict[str, Any] = {"use_count": F("use_count") + 1}
    if not invitation.is_link:
        update.update(accepted_at=timezone.now(), accepted_by_id=actor.user_id)
    WorkspaceInvitation.objects.filter(pk=invitation.pk).update(**update)
    inviter = invitation.created_by_id
    if inviter is not None and inviter != actor.user_id:
        title = _("%(name)s ist über deine Einladung „%(workspace)s“ beigetreten") % {
            "name": actor.user.name,
            "workspace": workspace.name,
        }
        url = workspace_url(workspace)
        transaction.on_commit(
            lambda: notify(
                user_ids=[inviter], verb="workspace.invitation_used", title=title, url=url
            )
        )
    return workspace


def open_invitations(workspace: Workspace, limit: int = 100) -> list[WorkspaceInvitation]:
    """The workspace's usable links and invitations, newest first, for its managers."""
    return list(
        InvitationQuerySet(WorkspaceInvitation)
        .usable()
        .filter(workspace=workspace)
        .select_related("created_by")
        .order_by("-created_at", "-id")[:limit]
    )

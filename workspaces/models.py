"""Workspace building blocks shared by citizen boxes (public schema) and intranet groups
(tenant schemas): installed in both SHARED_APPS and TENANT_APPS, so each schema holds its own
rows and nothing here ever points into another schema.

A workspace has members (admin or member), join requests and a feed of posts with comments,
reactions and mentions. Posts without a workspace belong to the whole scope (an organisation's
feed). Counters are kept by the services with one row update each, so pages never COUNT.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.utils.translation import gettext_lazy as _

# One set of reactions for posts and comments.
from threads.models import ReactionKind

NAME_MAX = 120
DESCRIPTION_MAX = 2000
POST_MAX = 10_000
COMMENT_MAX = 5000


class Visibility(models.TextChoices):
    OPEN = "open", _("Offen – alle können beitreten und mitlesen")
    CLOSED = "closed", _("Geschlossen – Beitritt auf Anfrage, nur Mitglieder lesen mit")
    SECRET = "secret", _("Geheim – nur für Mitglieder sichtbar")


class WorkspaceRole(models.TextChoices):
    MEMBER = "member", _("Mitglied")
    ADMIN = "admin", _("Gruppen-Admin")
    # A box's owner: the impulse's initiator, who can hand the box over (workspaces/services.py).
    OWNER = "owner", _("Verantwortlich")


# The roles that manage a workspace (settings, members, requests).
MANAGING_ROLES = (WorkspaceRole.ADMIN, WorkspaceRole.OWNER)


class Workspace(models.Model):
    """A group in an intranet, a box on the network: the same thing."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("Name"), max_length=NAME_MAX)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(_("Beschreibung"), max_length=DESCRIPTION_MAX, blank=True)
    visibility = models.CharField(
        _("Sichtbarkeit"), max_length=10, choices=Visibility.choices, default=Visibility.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    member_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Gruppe")
        verbose_name_plural = _("Gruppen")
        ordering: ClassVar = ["name", "id"]
        indexes: ClassVar = [models.Index(fields=["visibility", "name"])]

    def __str__(self) -> str:
        return self.name


class WorkspaceMember(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(
        _("Rolle"), max_length=10, choices=WorkspaceRole.choices, default=WorkspaceRole.MEMBER
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["workspace", "user"], name="workspace_member_once"),
        ]
        indexes: ClassVar = [
            models.Index(fields=["user", "workspace"]),
            # A box's members page by page, in the order they came (the members API).
            models.Index(fields=["workspace", "id"], name="workspace_member_order"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.workspace_id} ({self.role})"


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("offen")
    APPROVED = "approved", _("angenommen")
    DECLINED = "declined", _("abgelehnt")


class JoinRequest(models.Model):
    """Someone asks to join a closed workspace; a workspace admin decides (and is recorded)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        max_length=10, choices=JoinRequestStatus.choices, default=JoinRequestStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["workspace", "user"],
                condition=models.Q(status="pending"),
                name="join_request_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.workspace_id} ({self.status})"


class Post(models.Model):
    """A post in a workspace's feed, or (without a workspace) in the whole scope's feed.

    The author is kept when they leave; a deleted account leaves the post as "former member".
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, null=True, blank=True, related_name="posts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("Beitrag"), max_length=POST_MAX)
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    pinned_at = models.DateTimeField(null=True, blank=True)
    pinned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    comment_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Beitrag")
        verbose_name_plural = _("Beiträge")
        ordering: ClassVar = ["-id"]
        indexes: ClassVar = [
            # Keyset pages of one workspace's feed, newest first.
            models.Index(fields=["workspace", "-id"], name="post_workspace_feed"),
            models.Index(
                fields=["workspace", "-pinned_at"],
                name="post_pinned",
                condition=models.Q(pinned_at__isnull=False),
            ),
            # German full text over the post (search within the organisation).
            GinIndex(SearchVector("body", config="german"), name="post_body_search"),
        ]

    def __str__(self) -> str:
        return self.body[:40]

    def display_version(self) -> str:
        """Everything the post's head, body and attachments show, in one string: part of the
        key under which workspaces/_post.html caches their HTML. An edit, a pin, a renamed
        author or group, a removed attachment changes it, so nothing has to be invalidated.
        Reads only what the feed selectors fetched (author, workspace, attachments)."""
        author = self.author
        workspace = self.workspace
        attachments = [
            (a.document.public_id, a.document.name, a.document.current_version_id)
            for a in self.attachments.all()
        ]
        return repr(
            (
                self.public_id,
                self.body_html,
                self.created_at,
                self.edited_at,
                self.pinned_at,
                author and (author.pk, author.name),
                getattr(self, "author_is_current", None),
                workspace and (workspace.slug, workspace.name),
                attachments,
            )
        )


class Reaction(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=ReactionKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["post", "user", "kind"], name="reaction_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.post_id}"


class Mention(models.Model):
    """Who a post mentions; kept so an edit notifies only the newly mentioned (comments keep
    theirs in threads.Mention)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["post", "user"], name="mention_once_in_post"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.post_id}"


class InvitationQuerySet(models.QuerySet["WorkspaceInvitation"]):
    def usable(self) -> InvitationQuerySet:
        """Invitations that still let someone in: not revoked, not expired, not used up."""
        from django.utils import timezone

        return self.filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=timezone.now()),
            revoked_at__isnull=True,
            accepted_at__isnull=True,
        )


class WorkspaceInvitation(models.Model):
    """A way into a workspace that a manager hands out: a link anyone logged in may use until
    it is revoked or expires, or a single-use link mailed to one address. The token is shown
    once; only its SHA-256 is stored (workspaces/invitations.py)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    # Empty for a shareable link; the invited address for an e-mail invitation.
    email = models.EmailField(_("E-Mail"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # E-mail invitations are used once; links count who came in through them.
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    use_count = models.PositiveIntegerField(default=0)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        indexes: ClassVar = [models.Index(fields=["workspace", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.workspace_id} ← {self.email or 'link'}"

    @property
    def is_link(self) -> bool:
        return not self.email

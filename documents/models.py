"""Documents (Dokumente) as a workspace building block, installed in both SHARED_APPS and
TENANT_APPS: folders and documents belong to a workspace (an intranet group, later a citizen
box) or, with no workspace, to the whole scope (an organisation). Each schema holds its own rows.

A document is a name in a folder with one or more versions; each version is one stored file
(random name, private storage: documents/storage.py), who uploaded it and when. Who may see a
document follows its workspace (workspaces/permissions.py).
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from workspaces.models import Workspace

NAME_MAX = 200
FOLDER_DEPTH_MAX = 3  # a simple tree: top-level folders and two levels below


class Folder(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, null=True, blank=True, related_name="folders"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    name = models.CharField(_("Name"), max_length=NAME_MAX)
    depth = models.PositiveSmallIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Ordner")
        verbose_name_plural = _("Ordner")
        ordering: ClassVar = ["name", "id"]
        constraints: ClassVar = [
            # Names are unique within their parent, ignoring case ("Protokolle" = "protokolle");
            # NULLS NOT DISTINCT so that two top-level folders of one area collide too.
            models.UniqueConstraint(
                models.F("workspace"),
                models.F("parent"),
                Lower("name"),
                name="folder_name_unique_in_parent",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Document(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    folder = models.ForeignKey(
        Folder, on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    name = models.CharField(_("Name"), max_length=NAME_MAX)
    current_version = models.ForeignKey(
        "DocumentVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")
        ordering: ClassVar = ["name", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                models.F("workspace"),
                models.F("folder"),
                Lower("name"),
                name="document_name_unique_in_folder",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DocumentVersion(models.Model):
    """One uploaded file. ``blob`` is the random name inside the schema's private folder;
    the content type and kind come from our own check of the content, never from the client."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    original_name = models.CharField(max_length=NAME_MAX)
    blob = models.CharField(max_length=100, unique=True, editable=False)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=120)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Version")
        verbose_name_plural = _("Versionen")
        ordering: ClassVar = ["-number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_once"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.number}"


class PostAttachment(models.Model):
    """A file attached to a feed post. It is a document like any other (same type checks,
    storage limit and permission-checked download), kept in its area's "Anhänge" folder, so it
    stays findable when the post is gone."""

    post = models.ForeignKey(
        "workspaces.Post", on_delete=models.CASCADE, related_name="attachments"
    )
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("Anhang")
        verbose_name_plural = _("Anhänge")
        ordering: ClassVar = ["position", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["post", "document"], name="attachment_once"),
        ]

    def __str__(self) -> str:
        return f"{self.post_id}: {self.document_id}"

    @property
    def is_image(self) -> bool:
        version = self.document.current_version
        return version is not None and version.content_type.startswith("image/")

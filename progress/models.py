"""The progress log (Fortschritt) of a workspace, installed in both SHARED_APPS and
TENANT_APPS: members of a citizen box or an intranet group write what has happened (a text,
optionally a photo with its description). In a box, its owner and co-owners choose which
entries the impulse's public page shows (``show_on_impulse``); everything else stays for the
box's readers. Photos live outside MEDIA_ROOT (``photo_storage``) and are served only by views
that check who may see the entry.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any, ClassVar

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.db import connection
from workspaces.models import Workspace

TEXT_MAX = 5000
ALT_MAX = 200


def photo_storage() -> FileSystemStorage:
    """A folder no route serves (beside the documents' private folders)."""
    return FileSystemStorage(location=Path(settings.DOCUMENTS_ROOT) / "progress")


def photo_path(entry: Any, filename: str) -> str:
    """``<schema>/<random>.<ext>``: each schema's photos apart, names that say nothing."""
    extension = filename.rsplit(".", 1)[-1].lower()[:5] or "jpg"
    return f"{connection.schema_name}/{uuid.uuid4().hex}.{extension}"


class ProgressEntry(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="progress_entries"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("Was ist passiert?"), max_length=TEXT_MAX)
    text_html = models.TextField(editable=False, blank=True)
    photo = models.ImageField(_("Foto"), upload_to=photo_path, storage=photo_storage, blank=True)
    alt_text = models.CharField(_("Bildbeschreibung"), max_length=ALT_MAX, blank=True)
    # Chosen by the box's owner or co-owners: shown on the impulse's public page.
    show_on_impulse = models.BooleanField(_("Auf der Impulsseite zeigen"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Fortschritt")
        verbose_name_plural = _("Fortschritte")
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [
            # The log of a workspace, newest first (keyset).
            models.Index(fields=["workspace", "-created_at", "-id"], name="progress_log"),
            # The impulse page: the chosen entries only.
            models.Index(
                fields=["workspace", "-created_at", "-id"],
                name="progress_shown",
                condition=models.Q(show_on_impulse=True),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

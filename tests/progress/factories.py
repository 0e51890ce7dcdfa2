"""Pictures and entries for the progress log tests."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from progress import services
from progress.models import ProgressEntry
from workspaces.models import Workspace


def png(name: str = "beet.png", size: tuple[int, int] = (40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 140, 60)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def entry_in(workspace: Workspace, by: Any, **kwargs: Any) -> ProgressEntry:
    kwargs.setdefault("text", "Die Beete sind umgegraben.")
    return services.write_entry(actor=by, workspace=workspace, **kwargs)

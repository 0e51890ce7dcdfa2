"""Files and documents for document tests, in whatever schema the test has entered."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from documents import services
from documents.models import Document, Folder
from workspaces.models import Workspace
from workspaces.permissions import Actor

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _picture(fmt: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


PNG = _picture("PNG")  # real pictures: image documents are decoded and re-encoded (UPL-1)
JPEG = _picture("JPEG")
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def docx_bytes(*, macro: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        kind = "macroEnabled.main+xml" if macro else "document.main+xml"
        package.writestr(
            "[Content_Types].xml",
            f'<Types><Override PartName="/word/document.xml" ContentType="application/'
            f'vnd.openxmlformats-officedocument.wordprocessingml.{kind}"/></Types>',
        )
        package.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(
            "mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED
        )
        package.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def file(name: str = "Protokoll.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def upload(
    actor: Actor,
    name: str = "Protokoll.pdf",
    content: bytes = PDF,
    *,
    workspace: Workspace | None = None,
    folder: Folder | None = None,
) -> Document:
    return services.upload_document(
        actor=actor, upload=file(name, content), workspace=workspace, folder=folder
    )


def stored_files(root: Any) -> list[str]:
    """Every file under the documents root (relative paths), to prove what was written."""
    from pathlib import Path

    base = Path(str(root))
    return sorted(str(p.relative_to(base)) for p in base.rglob("*") if p.is_file())

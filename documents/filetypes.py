"""Which files may be uploaded: an allow-list by extension, each confirmed by the content's
own signature (magic bytes), so an HTML page renamed ``.pdf`` is refused. The content type
we store and later send comes from this table, never from the browser.

Office documents are the zip-based formats (OOXML and OpenDocument); macro-enabled ones and
the old binary formats are not accepted. Text (txt, csv, md) must be UTF-8 without NUL bytes
and must not start like a web page.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO

HEAD_BYTES = 8192


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    label: str


def _t(extension: str, content_type: str, label: str) -> FileType:
    return FileType(extension, content_type, label)


TYPES: dict[str, FileType] = {
    t.extension: t
    for t in (
        _t("pdf", "application/pdf", "PDF"),
        _t("png", "image/png", "PNG"),
        _t("jpg", "image/jpeg", "JPEG"),
        _t("jpeg", "image/jpeg", "JPEG"),
        _t("gif", "image/gif", "GIF"),
        _t("webp", "image/webp", "WebP"),
        _t(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "Word",
        ),
        _t("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
        _t(
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "PowerPoint",
        ),
        _t("odt", "application/vnd.oasis.opendocument.text", "OpenDocument Text"),
        _t("ods", "application/vnd.oasis.opendocument.spreadsheet", "OpenDocument Tabelle"),
        _t("odp", "application/vnd.oasis.opendocument.presentation", "OpenDocument Präsentation"),
        _t("txt", "text/plain; charset=utf-8", "Text"),
        _t("csv", "text/csv; charset=utf-8", "CSV"),
        _t("md", "text/markdown; charset=utf-8", "Markdown"),
    )
}

ALLOWED_EXTENSIONS = sorted(TYPES)

# The part every OOXML package of that kind has (ECMA-376 part 2: [Content_Types].xml names it).
_OOXML_MAIN = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
_MARKUP_STARTS = (b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<svg", b"<?xml")


def extension_of(name: str) -> str:
    _stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and _stem else ""


def _zip_ok(upload: IO[bytes], extension: str) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
            if extension in _OOXML_MAIN:
                if "[Content_Types].xml" not in names or _OOXML_MAIN[extension] not in names:
                    return False
                # Macros ride in vbaProject.bin; "macroEnabled" content types announce them.
                if any(n.lower().endswith("vbaproject.bin") for n in names):
                    return False
                info = package.getinfo("[Content_Types].xml")
                if info.file_size > 1_000_000:
                    return False
                return b"macroenabled" not in package.read(info).lower()
            # OpenDocument: an uncompressed first entry "mimetype" holding the media type.
            if "mimetype" not in names:
                return False
            info = package.getinfo("mimetype")
            if info.file_size > 200:
                return False
            return (
                package.read(info).strip().decode("ascii", "replace")
                == TYPES[extension].content_type
            )
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, RuntimeError):
        return False


def _text_ok(upload: IO[bytes]) -> bool:
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(_MARKUP_STARTS):
        return False
    upload.seek(0)
    tail = b""
    while chunk := upload.read(1 << 16):
        if b"\x00" in chunk:
            return False
        # Decode across chunk borders: keep at most 3 bytes of an unfinished character.
        data = tail + chunk
        try:
            data.decode("utf-8")
            tail = b""
        except UnicodeDecodeError as exc:
            if exc.start < len(data) - 3 or exc.reason != "unexpected end of data":
                return False
            tail = data[exc.start :]
    return not tail


def content_matches(upload: IO[bytes], extension: str) -> bool:
    """Whether the content really is what the extension says."""
    upload.seek(0)
    head = upload.read(16)
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if extension == "gif":
        return head.startswith((b"GIF87a", b"GIF89a"))
    if extension == "webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if extension in ("docx", "xlsx", "pptx", "odt", "ods", "odp"):
        return head.startswith(b"PK\x03\x04") and _zip_ok(upload, extension)
    if extension in ("txt", "csv", "md"):
        return _text_ok(upload)
    return False

"""Where document files live: per schema, never under a public route.

Without object storage, a private folder per schema under ``DOCUMENTS_ROOT``, outside
MEDIA_ROOT's public folders and never served by a static or media route; the download views
stream the file after a permission check. With object storage (``STORAGES["documents"]``, see
config/settings.py and config/storage.py), the key prefix ``documents/<schema>/`` in the
private bucket; the download views answer, after the same permission check, with a signed URL
that expires after ``STORAGE_SIGNED_URL_SECONDS``.

A version row holds only a random name (``blob``); the folder or key prefix comes from the
schema the request runs in, so a row of one organisation can never name another organisation's
file.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages

from tenants.db import connection


def _schema(schema_name: str | None) -> str:
    schema = schema_name or connection.schema_name
    if not schema or "/" in schema or schema.startswith("."):
        raise ValueError("no schema to store documents in")
    return str(schema)


def schema_root(schema_name: str | None = None) -> Path:
    return Path(str(settings.DOCUMENTS_ROOT)) / _schema(schema_name)


def in_object_storage() -> bool:
    return "documents" in settings.STORAGES


def storage(schema_name: str | None = None) -> Storage:
    schema = _schema(schema_name)
    if in_object_storage():
        params: dict[str, Any] = dict(settings.STORAGES["documents"])
        options = dict(params.get("OPTIONS", {}))
        options["location"] = f"{str(options.get('location', 'documents')).rstrip('/')}/{schema}"
        params["OPTIONS"] = options
        return storages.create_storage(params)
    # No base_url: these files have no URL of their own.
    return FileSystemStorage(
        location=schema_root(schema),
        base_url=None,
        file_permissions_mode=0o640,
        directory_permissions_mode=0o750,
    )


def signed_url(
    blob: str, *, filename_header: str, content_type: str, schema_name: str | None = None
) -> str | None:
    """A short-lived URL of the file in the bucket that downloads it under its document name;
    None without object storage (the view streams the file then). Call only after the
    permission check."""
    if not in_object_storage():
        return None
    files: Any = storage(schema_name)
    return str(
        files.url(
            blob,
            parameters={
                "ResponseContentDisposition": filename_header,
                "ResponseContentType": content_type,
                "ResponseCacheControl": "private, no-store",
            },
            expire=int(settings.STORAGE_SIGNED_URL_SECONDS),
        )
    )


def new_blob_name() -> str:
    """Random and meaningless: nothing of the uploaded name reaches the file system."""
    token = secrets.token_hex(16)
    return f"{token[:2]}/{token}"


def remove_schema_files(schema_name: str) -> None:
    """Delete every document file of a schema, for when the organisation's schema is purged
    (its rows go with the schema; the files live outside the database)."""
    import shutil

    files = storage(schema_name)
    if hasattr(files, "delete_prefix"):
        files.delete_prefix()
    # Also a folder left on disk from before the move to object storage.
    root = schema_root(schema_name)
    if root.is_dir():
        shutil.rmtree(root)

"""Where document files live: a private folder per schema under ``DOCUMENTS_ROOT``, outside
MEDIA_ROOT's public folders and never served by a static or media route. Files are read only
by the download views, after a permission check.

A version row holds only a random name (``blob``); the folder comes from the schema the request
runs in, so a row of one organisation can never name another organisation's file.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage

from tenants.db import connection


def schema_root(schema_name: str | None = None) -> Path:
    schema = schema_name or connection.schema_name
    if not schema or "/" in schema or schema.startswith("."):
        raise ValueError("no schema to store documents in")
    return Path(str(settings.DOCUMENTS_ROOT)) / schema


def storage(schema_name: str | None = None) -> FileSystemStorage:
    # No base_url: these files have no URL of their own.
    return FileSystemStorage(
        location=schema_root(schema_name),
        base_url=None,
        file_permissions_mode=0o640,
        directory_permissions_mode=0o750,
    )


def new_blob_name() -> str:
    """Random and meaningless: nothing of the uploaded name reaches the file system."""
    token = secrets.token_hex(16)
    return f"{token[:2]}/{token}"


def remove_schema_files(schema_name: str) -> None:
    """Delete every document file of a schema, for when the organisation's schema is purged
    (its rows go with the schema; the files live outside the database)."""
    import shutil

    root = schema_root(schema_name)
    if root.is_dir():
        shutil.rmtree(root)

"""Documents in a person's data rights (see accounts/privacy.py).

Files belong to the organisation or group they were shared with and stay; folders, documents and
versions lose who made or uploaded them. The export lists them (names and dates, not the files).
"""

from __future__ import annotations

from accounts.models import User
from accounts.privacy import Rows, by_user, null_out, rows
from documents.models import Document, DocumentVersion, Folder

MODELS = ["documents.Folder", "documents.Document", "documents.DocumentVersion"]


def export(user: User) -> dict[str, Rows]:
    return {
        "folders_created": rows(by_user(Folder, user, "created_by")),
        "documents_created": rows(by_user(Document, user, "created_by")),
        "versions_uploaded": rows(
            by_user(DocumentVersion, user, "uploaded_by"), leave_out=["blob"]
        ),
    }


def erase(user: User) -> int:
    count = null_out(DocumentVersion, user, "uploaded_by")
    count += null_out(Document, user, "created_by")
    return count + null_out(Folder, user, "created_by")

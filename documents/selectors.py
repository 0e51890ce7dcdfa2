"""Reads for document pages and the API, in whatever schema the request runs in.

Each lookup by id fetches the row with its workspace and the actor's role in it (one query)
and then asks the rules (documents/permissions.py → workspaces/permissions.py) whether the
actor may read it: missing and not-yours are both ``None``. Lists are bounded and run the same
few queries however many documents there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Sum

from documents import permissions as doc_perms
from documents.models import Document, DocumentVersion, Folder
from tenants.db import connection
from workspaces.models import Workspace
from workspaces.permissions import Actor
from workspaces.selectors import role_subquery

LIST_LIMIT = 500
VERSION_LIMIT = 200


def _hand_role_on(obj: Any, workspace: Workspace | None) -> None:
    """The workspace rules look for ``my_role`` on the workspace itself."""
    if workspace is not None:
        workspace.my_role = getattr(obj, "my_role", None)  # type: ignore[attr-defined]


def _uuid(value: Any) -> UUID | None:
    """Ids arrive from URLs and query strings: anything that is not a UUID finds nothing."""
    try:
        return value if isinstance(value, UUID) else UUID(str(value))
    except ValueError:
        return None


def folder_for(actor: Actor, public_id: Any) -> Folder | None:
    public_id = _uuid(public_id)
    if public_id is None:
        return None
    folder = (
        Folder.objects.select_related("workspace", "parent", "parent__parent")
        .annotate(my_role=role_subquery(actor, "workspace_id"))
        .filter(public_id=public_id)
        .first()
    )
    if folder is None:
        return None
    _hand_role_on(folder, folder.workspace)
    return folder if doc_perms.can_read_area(actor, folder.workspace) else None


def document_for(actor: Actor, public_id: Any) -> Document | None:
    public_id = _uuid(public_id)
    if public_id is None:
        return None
    document = (
        Document.objects.select_related(
            "workspace", "folder", "folder__parent", "folder__parent__parent", "current_version"
        )
        .annotate(my_role=role_subquery(actor, "workspace_id"))
        .filter(public_id=public_id)
        .first()
    )
    if document is None:
        return None
    _hand_role_on(document, document.workspace)
    return document if doc_perms.can_read_area(actor, document.workspace) else None


def version_for(actor: Actor, public_id: Any) -> DocumentVersion | None:
    public_id = _uuid(public_id)
    if public_id is None:
        return None
    version = (
        DocumentVersion.objects.select_related("document", "document__workspace")
        .annotate(my_role=role_subquery(actor, "document__workspace_id"))
        .filter(public_id=public_id)
        .first()
    )
    if version is None:
        return None
    _hand_role_on(version, version.document.workspace)
    return version if doc_perms.can_read_area(actor, version.document.workspace) else None


@dataclass
class FolderContents:
    folders: list[Folder]
    documents: list[Document]


def folder_contents(workspace: Workspace | None, folder: Folder | None) -> FolderContents:
    """The folders and documents directly in ``folder`` (or the top of the area), by name."""
    folders = Folder.objects.filter(workspace=workspace, parent=folder).order_by("name", "id")
    documents = (
        Document.objects.filter(workspace=workspace, folder=folder)
        .select_related("current_version", "current_version__uploaded_by")
        .order_by("name", "id")
    )
    return FolderContents(
        folders=list(folders[:LIST_LIMIT]), documents=list(documents[:LIST_LIMIT])
    )


def folders_of_area(workspace: Workspace | None) -> list[Folder]:
    """Every folder of the area (the targets a document can move to)."""
    return list(
        Folder.objects.filter(workspace=workspace)
        .select_related("parent", "parent__parent")
        .order_by("depth", "name", "id")[:LIST_LIMIT]
    )


def versions_of(document: Document) -> list[DocumentVersion]:
    return list(
        DocumentVersion.objects.filter(document=document)
        .select_related("uploaded_by")
        .order_by("-number")[:VERSION_LIMIT]
    )


def breadcrumbs(folder: Folder | None) -> list[Folder]:
    """From the top of the area down to ``folder`` (parents were fetched with it)."""
    trail: list[Folder] = []
    while folder is not None:
        trail.insert(0, folder)
        folder = folder.parent
    return trail


def storage_used() -> int:
    """Bytes used by every version of every document in this schema."""
    return int(DocumentVersion.objects.aggregate(total=Sum("size"))["total"] or 0)


def storage_limit() -> int:
    """Bytes this scope may store: the organisation's plan (billing.entitlements), or on the
    network the configured allowance."""
    from django.conf import settings

    tenant = getattr(connection, "tenant", None)
    if tenant is None or getattr(tenant, "schema_name", "public") == "public":
        return int(settings.DOCUMENTS_NETWORK_STORAGE_MB) * 1024 * 1024
    from billing.entitlements import entitlements

    return int(entitlements(tenant).storage_mb) * 1024 * 1024

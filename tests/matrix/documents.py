"""Route matrix entries for documents on an organisation's host (web and API).

On alpha's host gina (guest), bob (member) and alice (owner) belong; erin (citizen), carol
(beta's owner) and staff do not: the web answers them 404, the API 403. The objects: an open
group bob founded, a folder he made in it and a document he uploaded there (one version).
Guests read and download but neither upload nor change anything.
"""

from __future__ import annotations

from typing import Any

from tests.matrix.workspaces import API_READ, POST_ONLY, READ, web

D = "/dokumente/{doc_document}"
F = "/dokumente/ordner/{doc_folder}"
AD = "/api/v1/documents/{doc_document}"

CHANGE = web(403, 200, 200)

TENANT = {
    "documents:index": ("/dokumente/", READ),
    "documents:upload": ("/dokumente/hochladen/?gruppe={doc_group}", CHANGE),
    "documents:group": ("/dokumente/gruppe/{doc_group}/", READ),
    "documents:folder_create": ("/dokumente/ordner/neu/", POST_ONLY),
    "documents:folder": (f"{F}/", READ),
    "documents:folder_edit": (f"{F}/bearbeiten/", CHANGE),
    "documents:folder_delete": (f"{F}/loeschen/", POST_ONLY),
    "documents:version_download": (
        "/dokumente/versionen/{doc_version}/herunterladen/",
        READ,
    ),
    "documents:document": (f"{D}/", READ),
    "documents:download": (f"{D}/herunterladen/", READ),
    "documents:version_upload": (f"{D}/neue-version/", POST_ONLY),
    "documents:document_edit": (f"{D}/bearbeiten/", CHANGE),
    "documents:document_delete": (f"{D}/loeschen/", CHANGE),
    "document-folder-list": ("/api/v1/document-folders/?group={doc_group}", API_READ),
    "document-folder-detail": ("/api/v1/document-folders/{doc_folder}/", API_READ),
    "document-list": ("/api/v1/documents/?folder={doc_folder}", API_READ),
    "document-detail": (f"{AD}/", API_READ),
    "document-versions": (f"{AD}/versions/", API_READ),
    "document-download": (f"{AD}/download/", API_READ),
}


def objects(cast: Any) -> dict[str, str]:
    from django_tenants.utils import tenant_context

    from documents import services
    from tests.documents.factories import upload
    from tests.workspaces.factories import actor
    from workspaces import services as workspace_services

    with tenant_context(cast.alpha):
        bob = actor(cast.bob)
        group = workspace_services.create_workspace(actor=bob, name="Ablage")
        folder = services.create_folder(actor=bob, name="Protokolle", workspace=group)
        document = upload(bob, workspace=group, folder=folder)
        assert document.current_version is not None  # noqa: S101
    return {
        "doc_group": group.slug,
        "doc_folder": str(folder.public_id),
        "doc_document": str(document.public_id),
        "doc_version": str(document.current_version.public_id),
    }


# Writes with an empty body: who gets an answer; everyone else is refused
# (tests/test_route_matrix_writes.py).
TENANT_WRITES = {
    "documents:upload": {"post": "bob alice"},
    "documents:folder_create": {"post": "bob alice"},
    "documents:folder_edit": {"post": "bob alice"},
    "documents:folder_delete": {"post": "bob alice"},
    "documents:version_upload": {"post": "bob alice"},
    "documents:document_edit": {"post": "bob alice"},
    "documents:document_delete": {"post": "bob alice"},
    "document-folder-list": {"post": "bob alice"},
    "document-list": {"post": "bob alice"},
    "document-detail": {"delete": "bob alice"},
    "document-versions": {"post": "bob alice"},
}

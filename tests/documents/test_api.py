"""The documents API on alpha's host: folders and documents listed per area, multipart uploads
and new versions, downloads, JSON errors for refused uploads, isolation, and the schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from documents import services
from documents.models import Document, DocumentVersion
from tests.cast import Cast
from tests.documents.factories import HTML, PDF, stored_files, upload
from tests.workspaces.factories import actor
from workspaces import services as workspace_services
from workspaces.models import Visibility


def in_alpha(cast: Cast, fn: Any) -> Any:
    with tenant_context(cast.alpha):
        return fn()


def pdf(name: str = "Bericht.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_upload_list_add_a_version_and_download(
    cast: Cast, client_for: Any, documents_root: Path
) -> None:
    client = client_for(cast.alpha, cast.bob)
    folder = client.post("/api/v1/document-folders/", {"name": "Berichte"}, format="json")
    assert folder.status_code == 201, folder.content
    folder_id = folder.json()["id"]
    assert client.get("/api/v1/document-folders/").json()[0]["name"] == "Berichte"

    made = client.post("/api/v1/documents/", {"file": pdf(), "folder": folder_id})
    assert made.status_code == 201, made.content
    document = made.json()
    assert (document["name"], document["folder"], document["version_count"]) == (
        "Bericht.pdf",
        folder_id,
        1,
    )
    assert document["versions"][0]["uploaded_by"] == "Bob"
    assert document["content_type"] == "application/pdf"

    listed = client.get(f"/api/v1/documents/?folder={folder_id}").json()
    assert [d["id"] for d in listed] == [document["id"]]
    assert client.get("/api/v1/documents/").json() == []  # the top level is empty

    url = f"/api/v1/documents/{document['id']}"
    second = client.post(f"{url}/versions/", {"file": pdf("Bericht.pdf", PDF + b"2")})
    assert second.status_code == 201 and second.json()["number"] == 2
    versions = client.get(f"{url}/versions/").json()
    assert [v["number"] for v in versions] == [2, 1]

    newest = client.get(f"{url}/download/")
    assert newest.status_code == 200
    assert newest["Content-Disposition"] == 'attachment; filename="Bericht.pdf"'
    assert newest["X-Content-Type-Options"] == "nosniff"
    assert b"".join(newest.streaming_content) == PDF + b"2"
    oldest = client.get(f"{url}/download/?version={versions[1]['id']}")
    assert b"".join(oldest.streaming_content) == PDF
    assert client.get(f"{url}/download/?version=kaputt").status_code == 404
    assert len(stored_files(documents_root)) == 2


def test_refused_uploads_answer_json_and_store_nothing(
    cast: Cast, client_for: Any, documents_root: Path, settings: Any
) -> None:
    client = client_for(cast.alpha, cast.bob)
    fake = client.post("/api/v1/documents/", {"file": pdf("Rechnung.pdf", HTML)})
    assert fake.status_code == 400
    assert "passt nicht zu ihrer Endung" in fake.json()["file"][0]
    settings.DOCUMENTS_MAX_FILE_MB = 1
    big = client.post("/api/v1/documents/", {"file": pdf("Groß.pdf", PDF + b"0" * 2**20)})
    assert big.status_code == 400 and "zu groß" in big.json()["file"][0]
    missing = client.post("/api/v1/documents/", {})
    assert missing.status_code == 400 and "file" in missing.json()
    guest = client_for(cast.alpha, cast.gina).post("/api/v1/documents/", {"file": pdf()})
    assert guest.status_code == 403 and guest.json()["code"] == "forbidden"
    assert stored_files(documents_root) == []
    assert not in_alpha(cast, lambda: Document.objects.exists())


def test_a_secret_group_and_other_organisations_see_nothing(cast: Cast, client_for: Any) -> None:
    def make() -> tuple[Any, Document]:
        bob = actor(cast.bob)
        group = workspace_services.create_workspace(
            actor=bob, name="Geheim", visibility=Visibility.SECRET
        )
        services.create_folder(actor=bob, name="Akten", workspace=group)
        return group, upload(bob, "Geheim.pdf", workspace=group)

    group, document = in_alpha(cast, make)
    url = f"/api/v1/documents/{document.public_id}"
    dave = client_for(cast.alpha, cast.dave)
    for path in (f"{url}/", f"{url}/versions/", f"{url}/download/"):
        assert dave.get(path).status_code == 404, path
    assert dave.get(f"/api/v1/documents/?group={group.slug}").status_code == 404
    assert dave.get(f"/api/v1/document-folders/?group={group.slug}").status_code == 404
    refused = dave.post(f"{url}/versions/", {"file": pdf()})
    assert refused.status_code == 404
    assert in_alpha(cast, lambda: DocumentVersion.objects.count()) == 1
    assert client_for(cast.beta, cast.carol).get(f"{url}/").status_code == 404
    assert client_for(cast.alpha, cast.carol).get(f"{url}/").status_code == 403
    assert client_for(cast.alpha).get(f"{url}/download/").status_code == 403
    bob = client_for(cast.alpha, cast.bob)
    assert bob.get(f"/api/v1/documents/?group={group.slug}").json()[0]["name"] == "Geheim.pdf"


def test_deleting_through_the_api(
    cast: Cast, client_for: Any, django_capture_on_commit_callbacks: Any, documents_root: Path
) -> None:
    document = in_alpha(cast, lambda: upload(actor(cast.bob)))
    url = f"/api/v1/documents/{document.public_id}/"
    assert client_for(cast.alpha, cast.dave).delete(url).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(cast.alpha, cast.alice).delete(url).status_code == 204
    assert not in_alpha(cast, lambda: Document.objects.exists())
    assert stored_files(documents_root) == []


def test_documents_are_in_the_openapi_schema(cast: Cast, client_for: Any) -> None:
    schema = client_for(cast.alpha).get("/api/schema/").content.decode()
    for path in (
        "/api/v1/document-folders/",
        "/api/v1/documents/",
        "/api/v1/documents/{public_id}/",
        "/api/v1/documents/{public_id}/versions/",
        "/api/v1/documents/{public_id}/download/",
    ):
        assert path in schema, path
    assert "multipart/form-data" in schema

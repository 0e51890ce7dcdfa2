"""Document pages on alpha's host: upload, versions and downloads through HTTP, clear refusals
(fake types, full storage) that store nothing, and isolation from guests of a secret group,
other organisations and anonymous visitors."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import tenant_context

from billing.models import FREE_PLAN_SLUG, BillingAccount, Plan, SubscriptionStatus
from documents import services
from documents.models import Document, DocumentVersion
from tests.cast import Cast
from tests.documents.factories import HTML, PDF, file, stored_files, upload
from tests.workspaces.factories import actor
from workspaces import services as workspace_services
from workspaces.models import Visibility


def in_alpha(cast: Cast, fn: Any) -> Any:
    with tenant_context(cast.alpha):
        return fn()


def pdf(name: str = "Protokoll.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_a_member_uploads_through_the_page_and_downloads_the_file(
    cast: Cast, client_for: Any, documents_root: Path
) -> None:
    client = client_for(cast.alpha, cast.bob)
    page = client.get("/dokumente/").content.decode()
    assert "Datei hochladen" in page and "Neuer Ordner" in page
    response = client.post("/dokumente/hochladen/", {"file": pdf("Satzung.pdf")})
    assert response.status_code == 302
    document = in_alpha(cast, lambda: Document.objects.get())
    assert response["Location"] == f"/dokumente/{document.public_id}/"
    html = client.get(response["Location"]).content.decode()
    assert "Satzung.pdf" in html and "Version 1 herunterladen" in html and "Bob" in html

    download = client.get(f"/dokumente/{document.public_id}/herunterladen/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="Satzung.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in download["Cache-Control"]
    assert body(download) == PDF


def test_a_new_version_through_the_page_keeps_the_old_one_downloadable(
    cast: Cast, client_for: Any
) -> None:
    document = in_alpha(cast, lambda: upload(actor(cast.bob), "Plan.pdf"))
    client = client_for(cast.alpha, cast.dave)
    response = client.post(
        f"/dokumente/{document.public_id}/neue-version/", {"file": pdf("Plan neu.pdf", PDF + b"v2")}
    )
    assert response.status_code == 302
    first, second = in_alpha(
        cast, lambda: list(DocumentVersion.objects.order_by("number").select_related("document"))
    )
    html = client.get(f"/dokumente/{document.public_id}/").content.decode()
    assert "Version 2 herunterladen" in html and "Version 1 herunterladen" in html
    assert "Dave" in html and "Bob" in html
    assert body(client.get(f"/dokumente/{document.public_id}/herunterladen/")) == PDF + b"v2"
    old = client.get(f"/dokumente/versionen/{first.public_id}/herunterladen/")
    assert body(old) == PDF
    assert old["Content-Disposition"] == 'attachment; filename="Plan.pdf"'


def test_a_web_page_renamed_pdf_is_refused_on_the_page_and_nothing_is_stored(
    cast: Cast, client_for: Any, documents_root: Path
) -> None:
    client = client_for(cast.alpha, cast.bob)
    response = client.post("/dokumente/hochladen/", {"file": pdf("Rechnung.pdf", HTML)})
    assert response.status_code == 400
    assert "passt nicht zu ihrer Endung" in response.content.decode()
    assert not in_alpha(cast, lambda: Document.objects.exists())
    assert stored_files(documents_root) == []


def test_a_full_storage_is_refused_with_a_clear_german_message(
    cast: Cast, client_for: Any, documents_root: Path
) -> None:
    from billing import services as billing_services

    billing_services.sync_plans()
    plan = Plan.objects.exclude(slug=FREE_PLAN_SLUG).first()
    assert plan is not None
    Plan.objects.filter(pk=plan.pk).update(storage_mb=1)
    BillingAccount.objects.update_or_create(
        organisation=cast.alpha,
        defaults={"plan": plan, "status": SubscriptionStatus.ACTIVE, "stripe_subscription_id": "s"},
    )
    client = client_for(cast.alpha, cast.bob)
    big = PDF + b"0" * (700 * 1024)
    assert client.post("/dokumente/hochladen/", {"file": pdf("Eins.pdf", big)}).status_code == 302
    before = stored_files(documents_root)
    response = client.post("/dokumente/hochladen/", {"file": pdf("Zwei.pdf", big)})
    assert response.status_code == 413
    assert "Der Speicherplatz eurer Organisation ist voll" in response.content.decode()
    assert stored_files(documents_root) == before
    assert in_alpha(cast, lambda: list(Document.objects.values_list("name", flat=True))) == [
        "Eins.pdf"
    ]


def test_folders_through_the_pages(cast: Cast, client_for: Any) -> None:
    client = client_for(cast.alpha, cast.bob)
    made = client.post("/dokumente/ordner/neu/", {"name": "Protokolle"})
    assert made.status_code == 302
    again = client.post("/dokumente/ordner/neu/", {"name": "protokolle"})
    assert again.status_code == 409
    assert "gibt es hier schon" in again.content.decode()
    folder_page = made["Location"]
    folder_id = folder_page.rstrip("/").rsplit("/", 1)[-1]
    uploaded = client.post(f"/dokumente/hochladen/?ordner={folder_id}", {"file": pdf()})
    assert uploaded.status_code == 302
    html = client.get(folder_page).content.decode()
    assert "Protokoll.pdf" in html and "Nur leere Ordner" in html
    refused = client.post(f"{folder_page}loeschen/")
    assert refused.status_code == 409 and "nicht leer" in refused.content.decode()
    renamed = client.post(f"{folder_page}bearbeiten/", {"name": "Sitzungen"})
    assert renamed.status_code == 302
    assert "Sitzungen" in client.get(folder_page).content.decode()


def test_rename_move_and_delete_through_the_pages(
    cast: Cast, client_for: Any, documents_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    bob = in_alpha(cast, lambda: actor(cast.bob))
    folder = in_alpha(cast, lambda: services.create_folder(actor=bob, name="Archiv"))
    document = in_alpha(cast, lambda: upload(bob, "Plan.pdf"))
    in_alpha(
        cast,
        lambda: services.upload_version(actor=bob, document=document, upload=file("Plan.pdf")),
    )
    client = client_for(cast.alpha, cast.bob)
    edit = f"/dokumente/{document.public_id}/bearbeiten/"
    assert "Archiv" in client.get(edit).content.decode()
    moved = client.post(edit, {"name": "Plan 2026", "folder": str(folder.public_id)})
    assert moved.status_code == 302
    fresh = in_alpha(cast, lambda: Document.objects.get())
    assert (fresh.name, fresh.folder_id) == ("Plan 2026", folder.pk)
    # The download keeps the file's extension when the name lost it.
    download = client.get(f"/dokumente/{document.public_id}/herunterladen/")
    assert download["Content-Disposition"] == 'attachment; filename="Plan 2026.pdf"'
    confirm = client.get(f"/dokumente/{document.public_id}/loeschen/").content.decode()
    assert "mit allen 2 Versionen endgültig gelöscht" in confirm
    with django_capture_on_commit_callbacks(execute=True):
        deleted = client.post(f"/dokumente/{document.public_id}/loeschen/")
    assert deleted.status_code == 302
    assert deleted["Location"] == f"/dokumente/ordner/{folder.public_id}/"
    assert not in_alpha(cast, lambda: DocumentVersion.objects.exists())
    assert stored_files(documents_root) == []


def test_a_guest_reads_and_downloads_but_cannot_upload(cast: Cast, client_for: Any) -> None:
    document = in_alpha(cast, lambda: upload(actor(cast.bob)))
    gina = client_for(cast.alpha, cast.gina)
    assert "Datei hochladen" not in gina.get("/dokumente/").content.decode()
    assert body(gina.get(f"/dokumente/{document.public_id}/herunterladen/")) == PDF
    assert gina.post("/dokumente/hochladen/", {"file": pdf("Gast.pdf")}).status_code == 403
    refused = gina.post(f"/dokumente/{document.public_id}/neue-version/", {"file": pdf()})
    assert refused.status_code == 403
    assert in_alpha(cast, lambda: DocumentVersion.objects.count()) == 1


@pytest.fixture
def secret_document(cast: Cast) -> Document:
    def make() -> Document:
        bob = actor(cast.bob)
        group = workspace_services.create_workspace(
            actor=bob, name="Findungskommission", visibility=Visibility.SECRET
        )
        return upload(bob, "Kandidaten.pdf", workspace=group)

    return in_alpha(cast, make)


def _document_urls(document: Document) -> list[str]:
    assert document.current_version is not None
    d = f"/dokumente/{document.public_id}"
    return [
        f"{d}/",
        f"{d}/herunterladen/",
        f"/dokumente/versionen/{document.current_version.public_id}/herunterladen/",
        f"{d}/bearbeiten/",
        f"{d}/loeschen/",
    ]


def test_a_secret_groups_document_is_404_for_a_guest_and_a_member_outside_the_group(
    cast: Cast, client_for: Any, secret_document: Document
) -> None:
    for who in (cast.gina, cast.dave):
        client = client_for(cast.alpha, who)
        for url in _document_urls(secret_document):
            assert client.get(url).status_code == 404, (who, url)
        assert "Kandidaten" not in client.get("/dokumente/").content.decode()
        api = client.get(f"/api/v1/documents/{secret_document.public_id}/download/")
        assert api.status_code == 404
    # The group's member gets it.
    bob = client_for(cast.alpha, cast.bob)
    assert body(bob.get(_document_urls(secret_document)[1])) == PDF


def test_another_organisation_and_anonymous_visitors_get_nothing(
    cast: Cast, client_for: Any
) -> None:
    document = in_alpha(cast, lambda: upload(actor(cast.bob)))
    urls = _document_urls(document)
    # carol owns beta; dave is a member of beta too, but asks on beta's host.
    for client in (client_for(cast.beta, cast.carol), client_for(cast.beta, cast.dave)):
        for url in urls:
            assert client.get(url).status_code == 404, url
        assert client.get(f"/api/v1/documents/{document.public_id}/").status_code == 404
    carol_on_alpha = client_for(cast.alpha, cast.carol)
    for url in urls:
        assert carol_on_alpha.get(url).status_code == 404, url
    anonymous = client_for(cast.alpha)
    for url in urls:
        response = anonymous.get(url)
        assert response.status_code == 302 and "/anmelden/" in response["Location"], url


def test_files_are_not_reachable_through_the_media_routes(
    cast: Cast, client_for: Any, documents_root: Path
) -> None:
    document = in_alpha(cast, lambda: upload(actor(cast.bob)))
    assert document.current_version is not None
    blob = document.current_version.blob
    client = client_for(cast.alpha, cast.alice)
    for url in (
        f"/media/{cast.alpha.schema_name}/{blob}",
        f"/media/impulses/../../{blob}",
        f"/media/logos/../{cast.alpha.schema_name}/{blob}",
    ):
        # Never the file: not found, or refused as a suspicious path.
        assert client.get(url).status_code in (400, 404), url


def test_a_read_only_organisation_still_downloads(cast: Cast, client_for: Any) -> None:
    from billing import services as billing_services

    document = in_alpha(cast, lambda: upload(actor(cast.bob)))
    billing_services.sync_plans()
    plan = Plan.objects.exclude(slug=FREE_PLAN_SLUG).first()
    BillingAccount.objects.update_or_create(
        organisation=cast.alpha,
        defaults={
            "plan": plan,
            "status": SubscriptionStatus.PAST_DUE,
            "stripe_subscription_id": "sub_x",
            "grace_until": timezone.now() - timedelta(minutes=1),
        },
    )
    client = client_for(cast.alpha, cast.bob)
    assert body(client.get(f"/dokumente/{document.public_id}/herunterladen/")) == PDF
    assert "Datei hochladen" not in client.get("/dokumente/").content.decode()
    refused = client.post("/dokumente/hochladen/", {"file": pdf("Neu.pdf")})
    assert refused.status_code == 403
    assert in_alpha(cast, lambda: Document.objects.count()) == 1


def test_pages_run_a_bounded_number_of_queries(
    cast: Cast, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    def fill(n: int) -> Document:
        bob = actor(cast.bob)
        folder = services.create_folder(actor=bob, name=f"Ordner {n}")
        last = None
        for i in range(n):
            services.create_folder(actor=bob, name=f"Unter {n}-{i}", parent=folder)
            last = upload(bob, f"Datei {n}-{i}.pdf", folder=folder)
            services.upload_version(actor=bob, document=last, upload=file(f"Datei {n}-{i}.pdf"))
        assert last is not None
        return last

    client = client_for(cast.alpha, cast.bob)
    client.get("/dokumente/")  # warm the host and session caches

    def counts(document: Document) -> list[int]:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        assert document.folder is not None
        result = []
        for url in (
            "/dokumente/",
            f"/dokumente/ordner/{document.folder.public_id}/",
            f"/dokumente/{document.public_id}/",
            f"/dokumente/{document.public_id}/herunterladen/",
            f"/api/v1/documents/?folder={document.folder.public_id}",
            f"/api/v1/documents/{document.public_id}/",
        ):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, url
            result.append(len(queries))
        return result

    small = counts(in_alpha(cast, lambda: fill(2)))
    large = counts(in_alpha(cast, lambda: fill(12)))
    assert small == large
    assert max(large) <= 15


def test_a_body_far_beyond_the_file_limit_is_refused_by_its_declared_length(
    settings: Any,
) -> None:
    from django.test import RequestFactory

    from documents.views import body_too_large

    settings.DOCUMENTS_MAX_FILE_MB = 25
    request = RequestFactory().post("/dokumente/hochladen/", data=b"", content_type="x/y")
    request.META["CONTENT_LENGTH"] = str(200 * 1024 * 1024)
    assert "höchstens 25 MB" in (body_too_large(request) or "")
    request.META["CONTENT_LENGTH"] = str(25 * 1024 * 1024)
    assert body_too_large(request) is None


def test_a_closed_groups_documents_are_for_its_members_only(cast: Cast, client_for: Any) -> None:
    def make() -> tuple[Any, Document]:
        bob = actor(cast.bob)
        group = workspace_services.create_workspace(
            actor=bob, name="Vorstand", visibility=Visibility.CLOSED
        )
        return group, upload(bob, "Haushalt.pdf", workspace=group)

    group, document = in_alpha(cast, make)
    dave = client_for(cast.alpha, cast.dave)
    page = dave.get(f"/dokumente/gruppe/{group.slug}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "nur ihre Mitglieder sehen die Dokumente" in html and "Haushalt" not in html
    assert dave.get(f"/dokumente/{document.public_id}/").status_code == 404
    api = dave.get(f"/api/v1/documents/?group={group.slug}")
    assert api.status_code == 403 and api.json()["code"] == "forbidden"
    refused = dave.post(f"/dokumente/hochladen/?gruppe={group.slug}", {"file": pdf("x.pdf")})
    assert refused.status_code == 403
    assert (
        "Haushalt.pdf"
        in client_for(cast.alpha, cast.bob).get(f"/dokumente/gruppe/{group.slug}/").content.decode()
    )


def test_a_file_larger_than_the_in_memory_limit_is_stored_whole(
    cast: Cast, client_for: Any, documents_root: Path
) -> None:
    """Django spools uploads above 2.5 MB to a temporary file; that path stores the same bytes."""
    content = PDF + bytes(range(256)) * (12 * 1024)  # about 3 MB
    client = client_for(cast.alpha, cast.bob)
    response = client.post("/dokumente/hochladen/", {"file": pdf("Groß.pdf", content)})
    assert response.status_code == 302
    document = in_alpha(cast, lambda: Document.objects.select_related("current_version").get())
    assert document.current_version.size == len(content)
    assert body(client.get(f"/dokumente/{document.public_id}/herunterladen/")) == content
    [stored] = stored_files(documents_root)
    assert (documents_root / stored).read_bytes() == content

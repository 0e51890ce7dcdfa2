"""Document services in alpha's schema: uploads and versions, validation by content, size and
storage limits (nothing written when refused), names, folders, rename/move/delete, and who may
do what (guests, non-members of a secret group, read-only organisations)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django_tenants.utils import tenant_context

from billing.entitlements import Entitlements
from documents import selectors, services
from documents.models import Document, DocumentVersion, Folder
from documents.services import DocumentError
from tests.cast import Cast
from tests.documents.factories import (
    HTML,
    JPEG,
    PDF,
    PNG,
    docx_bytes,
    file,
    odt_bytes,
    stored_files,
    upload,
)
from tests.workspaces.factories import actor
from workspaces import services as workspace_services
from workspaces.models import Visibility


@pytest.fixture
def alpha(cast: Cast) -> Any:
    with tenant_context(cast.alpha):
        yield cast


def test_an_upload_makes_a_document_with_its_first_version(
    alpha: Cast, documents_root: Path
) -> None:
    document = upload(actor(alpha.bob), "Satzung 2026.pdf")
    version = document.current_version
    assert version is not None
    assert (document.name, document.version_count, version.number) == ("Satzung 2026.pdf", 1, 1)
    assert (version.content_type, version.size, version.uploaded_by) == (
        "application/pdf",
        len(PDF),
        alpha.bob,
    )
    # Stored under the schema's private folder with a random name that has nothing of the
    # uploaded one, and exactly the bytes uploaded.
    files = stored_files(documents_root)
    assert files == [f"{alpha.alpha.schema_name}/{version.blob}"]
    assert "Satzung" not in version.blob and "." not in version.blob
    assert (documents_root / files[0]).read_bytes() == PDF


def test_a_new_upload_of_the_document_is_a_new_version_and_the_old_ones_stay(
    alpha: Cast, documents_root: Path
) -> None:
    bob, dave = actor(alpha.bob), actor(alpha.dave)
    document = upload(bob, "Protokoll.pdf")
    second = services.upload_version(
        actor=dave, document=document, upload=file("Protokoll v2.pdf", PDF + b"more")
    )
    document.refresh_from_db()
    assert (document.version_count, document.current_version_id, second.number) == (
        2,
        second.pk,
        2,
    )
    versions = selectors.versions_of(document)
    assert [(v.number, v.uploaded_by) for v in versions] == [(2, alpha.dave), (1, alpha.bob)]
    assert len(stored_files(documents_root)) == 2
    with services.open_version(versions[1]) as handle:
        assert handle.read() == PDF


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("Protokoll.pdf", HTML),  # a web page renamed .pdf
        ("Bild.png", PDF),
        ("Brief.docx", b"PK\x03\x04 not really a zip"),
        ("Brief.docx", odt_bytes()),  # a zip, but not a Word document
        ("Makro.docx", docx_bytes(macro=True)),
        ("Liste.csv", HTML),
        ("Notiz.txt", b"binary\x00data"),
        ("Notiz.txt", b"\xff\xfe not utf-8"),
        ("Seite.html", HTML),
        ("Bild.svg", b"<svg/>"),
        ("programm.exe", b"MZ\x90\x00"),
        ("ohne-endung", PDF),
    ],
)
def test_files_whose_content_or_type_is_not_allowed_are_refused_and_nothing_is_stored(
    alpha: Cast, documents_root: Path, name: str, content: bytes
) -> None:
    with pytest.raises(DocumentError) as refused:
        upload(actor(alpha.bob), name, content)
    assert refused.value.field == "file"
    assert "Endung" in refused.value.message or "nicht erlaubt" in refused.value.message
    assert not Document.objects.exists() and not DocumentVersion.objects.exists()
    assert stored_files(documents_root) == []


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("Logo.png", PNG, "image/png"),
        ("Foto.JPG", JPEG, "image/jpeg"),
        ("Brief.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument."),
        ("Brief.odt", odt_bytes(), "application/vnd.oasis.opendocument.text"),
        ("Liste.csv", "Name;Ort\nÄnne;Leipzig\n".encode(), "text/csv"),
        ("Liesmich.md", b"# Titel\n\nText <b>fett</b>\n", "text/markdown"),
    ],
)
def test_allowed_types_are_recognised_by_their_content(
    alpha: Cast, name: str, content: bytes, content_type: str
) -> None:
    document = upload(actor(alpha.bob), name, content)
    assert document.current_version is not None
    assert document.current_version.content_type.startswith(content_type)


def test_an_oversized_file_is_refused_with_its_size_and_nothing_is_stored(
    alpha: Cast, documents_root: Path, settings: Any
) -> None:
    settings.DOCUMENTS_MAX_FILE_MB = 1
    big = PDF + b"0" * (1024 * 1024)
    with pytest.raises(DocumentError) as refused:
        upload(actor(alpha.bob), "Groß.pdf", big)
    assert "zu groß" in refused.value.message and "höchstens 1,0\xa0MB" in refused.value.message
    assert stored_files(documents_root) == [] and not Document.objects.exists()


def test_an_empty_file_is_refused(alpha: Cast) -> None:
    with pytest.raises(DocumentError, match="leer"):
        upload(actor(alpha.bob), "Leer.txt", b"")


def _plan_with_storage(organisation: Any, megabytes: int) -> None:
    organisation._billing_entitlements = Entitlements(
        plan_slug="tiny",
        status="active",
        features=frozenset(),
        readable_features=frozenset(),
        member_limit=None,
        storage_mb=megabytes,
        read_only=False,
        grace_until=None,
    )


def test_the_plans_storage_limit_counts_every_version_and_refuses_with_nothing_written(
    alpha: Cast, documents_root: Path
) -> None:
    from tenants.db import connection

    _plan_with_storage(connection.tenant, 1)
    bob = actor(alpha.bob)
    chunk = PDF + b"0" * (400 * 1024)
    document = upload(bob, "Teil.pdf", chunk)
    services.upload_version(actor=bob, document=document, upload=file("Teil.pdf", chunk))
    before = stored_files(documents_root)
    with pytest.raises(DocumentError) as refused:
        upload(bob, "Noch einer.pdf", chunk)
    assert refused.value.code == "storage_full"
    assert "Speicherplatz eurer Organisation ist voll" in refused.value.message
    assert "Es wurde nichts gespeichert" in refused.value.message
    assert stored_files(documents_root) == before
    assert list(Document.objects.values_list("name", flat=True)) == ["Teil.pdf"]
    with pytest.raises(DocumentError, match="voll"):
        services.upload_version(actor=bob, document=document, upload=file("Teil.pdf", chunk))
    assert stored_files(documents_root) == before
    assert DocumentVersion.objects.count() == 2
    assert selectors.storage_used() == 2 * len(chunk)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\windows\\win.ini.txt", "win.ini.txt"),
        ("/absolute/path/Plan.pdf", "Plan.pdf"),
        ("...versteckt.pdf", "versteckt.pdf"),
        ("Bericht\x00\x1b.pdf", "Bericht.pdf"),
        ('a<b>:"c"|?*.pdf', "a_b___c____.pdf"),
        ("  viel   Platz .pdf", "viel Platz .pdf"),
    ],
)
def test_names_are_cleaned_of_paths_and_control_characters(raw: str, clean: str) -> None:
    assert services.clean_name(raw) == clean


@pytest.mark.parametrize("raw", ["", "..", "../", "  ", "\x00"])
def test_names_that_are_nothing_once_cleaned_are_refused(raw: str) -> None:
    with pytest.raises(DocumentError, match="Namen"):
        services.clean_name(raw)


def test_a_path_traversal_upload_name_stays_inside_the_private_folder(
    alpha: Cast, documents_root: Path
) -> None:
    document = upload(actor(alpha.bob), "../../../../tmp/evil.pdf")
    assert document.name == "evil.pdf"
    [stored] = stored_files(documents_root)
    assert stored.startswith(f"{alpha.alpha.schema_name}/")
    assert not (documents_root.parent / "tmp").exists()


def test_long_names_keep_their_extension(alpha: Cast) -> None:
    document = upload(actor(alpha.bob), "x" * 300 + ".pdf")
    assert len(document.name) == 200 and document.name.endswith(".pdf")


def test_folders_are_unique_by_name_within_their_parent_and_nest_three_deep(
    alpha: Cast,
) -> None:
    bob = actor(alpha.bob)
    top = services.create_folder(actor=bob, name="Protokolle")
    with pytest.raises(DocumentError) as taken:
        services.create_folder(actor=bob, name="protokolle")
    assert taken.value.code == "conflict"
    # The same name in another place is fine.
    group = workspace_services.create_workspace(actor=bob, name="Vorstand")
    services.create_folder(actor=bob, name="Protokolle", workspace=group)
    second = services.create_folder(actor=bob, name="2026", parent=top)
    third = services.create_folder(actor=bob, name="Januar", parent=second)
    with pytest.raises(DocumentError, match="3 Ebenen"):
        services.create_folder(actor=bob, name="Woche 1", parent=third)
    assert Folder.objects.count() == 4


def test_a_folder_of_another_group_is_not_a_place_for_an_upload(alpha: Cast) -> None:
    bob = actor(alpha.bob)
    group = workspace_services.create_workspace(actor=bob, name="Vorstand")
    folder = services.create_folder(actor=bob, name="Org", workspace=None)
    with pytest.raises(DocumentError, match="anderen Bereich"):
        upload(bob, workspace=group, folder=folder)


def test_a_name_already_in_the_folder_points_to_a_new_version(alpha: Cast) -> None:
    bob = actor(alpha.bob)
    upload(bob, "Plan.pdf")
    with pytest.raises(DocumentError, match="neue Version") as taken:
        upload(bob, "plan.pdf")
    assert taken.value.code == "conflict"


def test_rename_and_move_within_the_area(alpha: Cast) -> None:
    bob = actor(alpha.bob)
    folder = services.create_folder(actor=bob, name="Archiv")
    document = upload(bob, "Plan.pdf")
    services.edit_document(actor=bob, document=document, name="Plan 2026.pdf", folder=folder)
    document.refresh_from_db()
    assert (document.name, document.folder_id) == ("Plan 2026.pdf", folder.pk)
    group = workspace_services.create_workspace(actor=bob, name="Vorstand")
    elsewhere = services.create_folder(actor=bob, name="Fremd", workspace=group)
    with pytest.raises(DocumentError, match="anderen Bereich"):
        services.edit_document(actor=bob, document=document, name="x.pdf", folder=elsewhere)


def test_deleting_a_document_removes_every_version_and_its_files_after_commit(
    alpha: Cast, documents_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    bob = actor(alpha.bob)
    document = upload(bob, "Plan.pdf")
    services.upload_version(actor=bob, document=document, upload=file("Plan.pdf", PDF + b"2"))
    keep = upload(bob, "Bleibt.pdf")
    assert len(stored_files(documents_root)) == 3
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.delete_document(actor=bob, document=document) == 2
    # Until the deletion is committed the files are still there.
    assert len(stored_files(documents_root)) == 3
    for callback in callbacks:
        callback()
    assert keep.current_version is not None
    assert stored_files(documents_root) == [
        f"{alpha.alpha.schema_name}/{keep.current_version.blob}"
    ]
    assert list(DocumentVersion.objects.values_list("document__name", flat=True)) == ["Bleibt.pdf"]


def test_only_empty_folders_can_be_deleted(alpha: Cast) -> None:
    bob = actor(alpha.bob)
    folder = services.create_folder(actor=bob, name="Archiv")
    document = upload(bob, folder=folder)
    with pytest.raises(DocumentError, match="nicht leer"):
        services.delete_folder(actor=bob, folder=folder)
    services.edit_document(actor=bob, document=document, name=document.name, folder=None)
    services.delete_folder(actor=bob, folder=folder)
    assert not Folder.objects.exists() and Document.objects.count() == 1


def test_guests_read_but_do_not_upload_or_change(alpha: Cast) -> None:
    document = upload(actor(alpha.bob))
    gina = actor(alpha.gina)
    assert selectors.document_for(gina, document.public_id) is not None
    with pytest.raises(DocumentError) as refused:
        upload(gina, "Gast.pdf")
    assert refused.value.code == "forbidden"
    with pytest.raises(DocumentError):
        services.upload_version(actor=gina, document=document, upload=file())
    with pytest.raises(DocumentError):
        services.delete_document(actor=gina, document=document)
    with pytest.raises(DocumentError):
        services.create_folder(actor=gina, name="Gast")


def test_other_members_may_add_versions_but_only_the_uploader_and_admins_change(
    alpha: Cast,
) -> None:
    document = upload(actor(alpha.bob))
    dave = actor(alpha.dave)
    services.upload_version(actor=dave, document=document, upload=file())
    with pytest.raises(DocumentError) as refused:
        services.edit_document(actor=dave, document=document, name="Meins.pdf", folder=None)
    assert refused.value.code == "forbidden"
    services.edit_document(actor=actor(alpha.alice), document=document, name="A.pdf", folder=None)


def test_a_secret_groups_documents_are_invisible_to_non_members(alpha: Cast) -> None:
    bob = actor(alpha.bob)
    group = workspace_services.create_workspace(
        actor=bob, name="Geheimrat", visibility=Visibility.SECRET
    )
    folder = services.create_folder(actor=bob, name="Akten", workspace=group)
    document = upload(bob, workspace=group, folder=folder)
    assert document.current_version is not None
    for outsider in (alpha.dave, alpha.gina):
        who = actor(outsider)
        assert selectors.document_for(who, document.public_id) is None
        assert selectors.folder_for(who, folder.public_id) is None
        assert selectors.version_for(who, document.current_version.public_id) is None
        with pytest.raises(DocumentError) as refused:
            services.upload_version(actor=who, document=document, upload=file())
        assert refused.value.code == "not_found"
    # Organisation admins moderate every group.
    assert selectors.document_for(actor(alpha.alice), document.public_id) is not None


def test_a_read_only_organisation_reads_but_uploads_nothing(alpha: Cast) -> None:
    from tenants.db import connection

    document = upload(actor(alpha.bob))
    organisation = connection.tenant
    organisation._billing_entitlements = Entitlements(
        plan_slug="verein",
        status="unpaid",
        features=frozenset(),
        readable_features=frozenset(),
        member_limit=None,
        storage_mb=1024,
        read_only=True,
        grace_until=None,
    )
    bob = actor(alpha.bob)
    assert selectors.document_for(bob, document.public_id) is not None
    with pytest.raises(DocumentError) as refused:
        upload(bob, "Neu.pdf")
    assert refused.value.code == "forbidden"


def test_a_purged_organisations_files_can_be_removed_without_touching_others(
    alpha: Cast, documents_root: Path
) -> None:
    from documents.storage import remove_schema_files

    upload(actor(alpha.bob))
    other = documents_root / "org_beta" / "ab"
    other.mkdir(parents=True)
    (other / "abcdef").write_bytes(b"beta")
    remove_schema_files(alpha.alpha.schema_name)
    assert stored_files(documents_root) == ["org_beta/ab/abcdef"]
    remove_schema_files(alpha.alpha.schema_name)  # nothing left: no error
    with pytest.raises(ValueError):
        remove_schema_files("../etc")

"""Files in a real S3 server (moto's server process, tests/storage/conftest.py): documents are
stored under their organisation's schema and downloaded through a signed URL handed out only
after the permission check; pictures stream through /media/; deletion and the organisation
purge remove the objects; the move command copies what lies on disk."""

from __future__ import annotations

import io
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django_tenants.utils import tenant_context
from PIL import Image

from documents import services
from documents.models import Document
from public_marketplace.models import Impulse, ImpulseImage
from tenants.signals import organisation_purged
from tests.cast import Cast
from tests.documents.factories import PDF
from tests.public_marketplace.test_views import form_data
from tests.storage.conftest import keys
from tests.workspaces.factories import actor


def fetch(url: str) -> tuple[int, bytes, Any]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 - local server
            return answer.status, answer.read(), answer.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


def upload_pdf(client: Any, organisation: Any, name: str = "Satzung.pdf") -> Document:
    response = client.post(
        "/dokumente/hochladen/",
        {"file": SimpleUploadedFile(name, PDF, content_type="application/pdf")},
    )
    assert response.status_code == 302, response.content
    with tenant_context(organisation):
        return Document.objects.select_related("current_version").order_by("-pk")[0]


def test_a_document_goes_to_the_bucket_under_its_schema_and_downloads_by_signed_url(
    cast: Cast, client_for: Any, bucket: str, s3_client: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(cast.alpha, cast.bob)
    document = upload_pdf(client, cast.alpha)
    version = document.current_version
    assert version is not None
    assert keys(s3_client, bucket) == [f"documents/{cast.alpha.schema_name}/{version.blob}"]
    assert not Path(str(cast.alpha.schema_name)).exists()  # nothing on disk

    with django_assert_max_num_queries(12):
        response = client.get(f"/dokumente/{document.public_id}/herunterladen/")
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
    url = response["Location"]
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    assert query["X-Amz-Expires"] == ["60"] and "X-Amz-Signature" in query
    assert f"/documents/{cast.alpha.schema_name}/" in url

    status, content, headers = fetch(url)  # a real HTTP GET against the S3 server
    assert status == 200 and content == PDF
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == 'attachment; filename="Satzung.pdf"'

    # The API answers the same way; a tampered signature is refused by the server.
    api = client.get(f"/api/v1/documents/{document.public_id}/download/")
    assert api.status_code == 302 and "X-Amz-Signature" in api["Location"]


def test_the_signed_url_is_short_lived(
    cast: Cast, client_for: Any, bucket: str, settings: Any
) -> None:
    settings.STORAGE_SIGNED_URL_SECONDS = 1
    client = client_for(cast.alpha, cast.bob)
    document = upload_pdf(client, cast.alpha)
    url = client.get(f"/dokumente/{document.public_id}/herunterladen/")["Location"]
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    assert query["X-Amz-Expires"] == ["1"]
    signed_at = time.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ")
    assert abs(time.mktime(signed_at) - time.mktime(time.gmtime())) < 30


def test_another_organisation_gets_404_before_anything_is_signed(
    cast: Cast, client_for: Any, bucket: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = upload_pdf(client_for(cast.alpha, cast.bob), cast.alpha)
    signed: list[str] = []
    real = services.signed_download_url

    def counting(*args: Any) -> str | None:
        signed.append("signed")
        return real(*args)

    monkeypatch.setattr(services, "signed_download_url", counting)
    for client in (client_for(cast.beta, cast.carol), client_for(cast.alpha, None)):
        response = client.get(f"/dokumente/{document.public_id}/herunterladen/")
        assert response.status_code in (302, 404)
        assert "X-Amz-Signature" not in response.get("Location", "")
    assert signed == []


def test_deleting_a_document_and_purging_the_organisation_remove_the_objects(
    cast: Cast,
    client_for: Any,
    bucket: str,
    s3_client: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(cast.alpha, cast.bob)
    first = upload_pdf(client, cast.alpha, "Eins.pdf")
    upload_pdf(client, cast.alpha, "Zwei.pdf")
    upload_pdf(client_for(cast.beta, cast.carol), cast.beta, "Beta.pdf")
    alpha_prefix = f"documents/{cast.alpha.schema_name}/"
    assert len(keys(s3_client, bucket, alpha_prefix)) == 2

    with tenant_context(cast.alpha), django_capture_on_commit_callbacks(execute=True):
        services.delete_document(actor=actor(cast.bob), document=first)
    assert len(keys(s3_client, bucket, alpha_prefix)) == 1

    organisation_purged.send(sender=type(cast.alpha), schema_name=cast.alpha.schema_name)
    assert keys(s3_client, bucket, alpha_prefix) == []
    assert len(keys(s3_client, bucket, f"documents/{cast.beta.schema_name}/")) == 1


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 120, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_impulse_picture_is_stored_in_the_bucket_and_streams_through_media(
    cast: Cast, client_for: Any, bucket: str, s3_client: Any
) -> None:
    client = client_for(None, cast.erin)
    image = SimpleUploadedFile("brunnen.png", png(), content_type="image/png")
    response = client.post("/impulse/neu/", form_data(image=image, image_alt="Ein Brunnen"))
    assert response.status_code == 302
    picture = ImpulseImage.objects.get(impulse=Impulse.objects.get(author=cast.erin))
    assert keys(s3_client, bucket, "media/impulses/") == [f"media/{picture.image.name}"]
    page = client.get(response["Location"]).content.decode()
    src = f"/media/{picture.image.name}"
    assert f'src="{src}"' in page and "X-Amz" not in page  # never a bucket URL in a page

    shown = client_for(None, None).get(src)
    assert shown.status_code == 200
    assert shown["Content-Type"].startswith("image/")
    assert "public" in shown["Cache-Control"]
    assert b"".join(shown.streaming_content)[:4] in (b"\x89PNG", b"RIFF", b"\xff\xd8\xff\xe0")
    assert client.get("/media/impulses/../pending-images/x.png").status_code == 404
    assert client.get("/media/impulses/2000/01/missing.png").status_code == 404


def test_the_gdpr_export_names_documents_but_no_keys_or_urls(
    cast: Cast, client_for: Any, bucket: str
) -> None:
    upload_pdf(client_for(cast.alpha, cast.bob), cast.alpha)
    response = client_for(None, cast.bob).get("/konto/daten/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "versions_uploaded" in text and "X-Amz" not in text and "documents/" not in text


def test_the_move_command_copies_files_from_disk_idempotently(
    cast: Cast, bucket: str, s3_client: Any, settings: Any, tmp_path: Path
) -> None:
    media = Path(settings.MEDIA_ROOT)
    (media / "impulses" / "2026" / "01").mkdir(parents=True)
    (media / "impulses" / "2026" / "01" / "alt.png").write_bytes(png())
    (media / "logos").mkdir()
    (media / "logos" / "alpha.png").write_bytes(b"logo")
    documents = Path(settings.DOCUMENTS_ROOT)
    (documents / cast.alpha.schema_name / "ab").mkdir(parents=True)
    (documents / cast.alpha.schema_name / "ab" / "abcdef").write_bytes(PDF)
    (documents / "gone_schema" / "cd").mkdir(parents=True)
    (documents / "gone_schema" / "cd" / "cdef").write_bytes(b"orphan")

    out = io.StringIO()
    call_command("move_files_to_object_storage", "--dry-run", stdout=out, stderr=io.StringIO())
    assert "would copy 3 file(s)" in out.getvalue()
    assert keys(s3_client, bucket) == []

    out = io.StringIO()
    call_command("move_files_to_object_storage", stdout=out, stderr=io.StringIO())
    assert (
        "copied 3 file(s)" in out.getvalue() and "1 folder(s) of unknown schemas" in out.getvalue()
    )
    assert keys(s3_client, bucket) == [
        f"documents/{cast.alpha.schema_name}/ab/abcdef",
        "media/impulses/2026/01/alt.png",
        "media/logos/alpha.png",
    ]
    body = s3_client.get_object(Bucket=bucket, Key=f"documents/{cast.alpha.schema_name}/ab/abcdef")
    assert body["Body"].read() == PDF

    # Resumable: a partial object of an interrupted run is rewritten, the rest skipped.
    s3_client.put_object(Bucket=bucket, Key="media/logos/alpha.png", Body=b"lo")
    out = io.StringIO()
    call_command("move_files_to_object_storage", stdout=out, stderr=io.StringIO())
    assert "copied 1 file(s) (4 bytes), 2 already in the bucket, 0 failed" in out.getvalue()
    got = s3_client.get_object(Bucket=bucket, Key="media/logos/alpha.png")["Body"].read()
    assert got == b"logo"
    assert len(keys(s3_client, bucket)) == 3  # no renamed copies


def test_the_move_command_refuses_without_a_bucket(cast: Cast) -> None:
    with pytest.raises(CommandError, match="No object storage"):
        call_command("move_files_to_object_storage")


def _storages_with(**env: str) -> Any:
    import json
    import os
    import subprocess
    import sys

    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.STORAGES, default=str))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "manage.py", "shell", "-c", code],
        env={**os.environ, "STORAGE_URL": "", "AWS_STORAGE_BUCKET_NAME": "", **env},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_storage_url_configures_the_private_bucket_and_unset_stays_on_disk() -> None:
    configured = _storages_with(
        STORAGE_URL="s3://key:se%2Fcret@s3.example.org:9000/wecreate-files?region=eu-central-1"
    )
    options = configured["documents"]["OPTIONS"]
    assert configured["default"]["BACKEND"] == "config.storage.MediaStorage"
    assert options["bucket_name"] == "wecreate-files"
    assert options["endpoint_url"] == "https://s3.example.org:9000"
    assert options["secret_key"] == "se/cret" and options["region_name"] == "eu-central-1"
    assert options["querystring_auth"] is True and options["querystring_expire"] == 60
    assert options["default_acl"] is None and options["location"] == "documents"
    local = _storages_with()
    assert local["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert "documents" not in local

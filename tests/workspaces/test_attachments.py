"""Pictures and files on feed posts: stored as documents, all or nothing, shown only to those
who may read the post."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context
from PIL import Image

from documents.models import Document, PostAttachment
from tests.cast import Cast
from tests.workspaces.factories import actor
from workspaces.models import Post
from workspaces.services import create_workspace

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def png(name: str = "foto.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf(name: str = "protokoll.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _private_files(settings: Any, tmp_path: Any) -> None:
    settings.DOCUMENTS_ROOT = tmp_path


def counts(cast: Cast) -> tuple[int, int, int]:
    with tenant_context(cast.alpha):
        return Post.objects.count(), Document.objects.count(), PostAttachment.objects.count()


def test_a_post_with_a_picture_and_a_file(cast: Cast, client_for: Any) -> None:
    bob = client_for(cast.alpha, cast.bob)
    response = bob.post("/feed/", {"body": "Fotos vom Infostand", "attachments": [png(), pdf()]})
    assert response.status_code == 302
    assert counts(cast) == (1, 2, 2)
    with tenant_context(cast.alpha):
        image, document = [a.document for a in PostAttachment.objects.order_by("position")]
        assert image.folder is not None and image.folder.name == "Anhänge"
        assert image.name.endswith("-1-foto.png")
    page = client_for(cast.alpha, cast.dave).get("/feed/").content.decode()
    assert f'<img class="post__image" src="/dokumente/{image.public_id}/herunterladen/"' in page
    assert document.name in page
    download = client_for(cast.alpha, cast.dave).get(f"/dokumente/{image.public_id}/herunterladen/")
    assert download.status_code == 200 and download["Content-Type"] == "image/png"
    outsider = client_for(cast.beta, cast.carol).get(f"/dokumente/{image.public_id}/herunterladen/")
    assert outsider.status_code == 404


def test_attachments_in_a_secret_group_stay_in_it(cast: Cast, client_for: Any) -> None:
    with tenant_context(cast.alpha):
        secret = create_workspace(actor=actor(cast.bob), name="Vorstand", visibility="secret")
    bob = client_for(cast.alpha, cast.bob)
    assert (
        bob.post(f"/gruppen/{secret.slug}/", {"body": "Intern", "attachments": [pdf()]}).status_code
        == 302
    )
    with tenant_context(cast.alpha):
        document = PostAttachment.objects.get().document
    assert document.workspace_id == secret.pk
    url = f"/dokumente/{document.public_id}/herunterladen/"
    assert client_for(cast.alpha, cast.dave).get(url).status_code == 404
    assert bob.get(url).status_code == 200


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([SimpleUploadedFile("rechnung.pdf", b"<html><script>alert(1)</script>")], "PDF"),
        ([pdf(f"datei{i}.pdf") for i in range(6)], "Höchstens 5 Anhänge"),
    ],
)
def test_a_bad_attachment_refuses_the_whole_post(
    cast: Cast, client_for: Any, files: list[Any], message: str
) -> None:
    response = client_for(cast.alpha, cast.bob).post(
        "/feed/", {"body": "Mit Anhang", "attachments": files}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert counts(cast) == (0, 0, 0)


def test_a_full_storage_refuses_the_post_and_writes_no_file(
    cast: Cast, client_for: Any, tmp_path: Any
) -> None:
    from billing.models import BillingAccount, Plan

    tiny = Plan.objects.create(slug="winzig", name="Winzig", storage_mb=0, price_monthly_cents=1)
    BillingAccount.objects.update_or_create(
        organisation=cast.alpha, defaults={"plan": tiny, "status": "active"}
    )
    response = client_for(cast.alpha, cast.bob).post(
        "/feed/", {"body": "Zu groß", "attachments": [pdf()]}
    )
    assert response.status_code == 400
    assert "Speicherplatz" in response.content.decode()
    assert counts(cast) == (0, 0, 0)
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_the_feed_runs_the_same_number_of_queries_with_more_attachments(
    cast: Cast, client_for: Any
) -> None:
    bob = client_for(cast.alpha, cast.bob)
    bob.post("/feed/", {"body": "Eins", "attachments": [png()]})
    dave = client_for(cast.alpha, cast.dave)
    dave.get("/feed/")
    with CaptureQueriesContext(connection) as before:
        dave.get("/feed/")
    for i in range(5):
        bob.post(
            "/feed/", {"body": f"Mehr {i}", "attachments": [png(f"b{i}.png"), pdf(f"p{i}.pdf")]}
        )
    with CaptureQueriesContext(connection) as after:
        dave.get("/feed/")
    assert len(after) == len(before)

"""UPL-1: one rule for every uploaded picture (config/images.py) and every path that uses it."""

from __future__ import annotations

import io
from functools import cache
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context
from PIL import Image

from config.images import ImageRejected, normalise_image
from documents.models import Document
from tests.cast import Cast

GPS_IFD = 0x8825


@cache
def bomb_bytes(side: int = 20_000) -> bytes:
    """A few kilobytes of PNG that decode to side² pixels (400 megapixels by default)."""
    buffer = io.BytesIO()
    Image.new("1", (side, side)).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def bomb(name: str = "bombe.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, bomb_bytes(), content_type="image/png")


def jpeg_with_gps(orientation: int = 1) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Kamera GmbH"  # Make
    exif[0x0112] = orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (51.0, 20.0, 0.0), 3: "E", 4: (12.0, 22.0, 0.0)})
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_the_bomb_is_small_on_disk_but_huge_decoded() -> None:
    assert len(bomb_bytes()) < 200_000
    with pytest.raises(ImageRejected, match="zu viele Pixel"):
        normalise_image(bomb())


def test_a_picture_over_the_own_pixel_limit_is_refused_below_pillows_guard(settings: Any) -> None:
    settings.UPLOAD_IMAGE_MAX_PIXELS = 1_000_000
    with pytest.raises(ImageRejected, match="höchstens 1 Megapixel"):
        normalise_image(SimpleUploadedFile("x.png", bomb_bytes(1_500)))


def test_bytes_over_the_size_limit_are_refused(settings: Any) -> None:
    settings.UPLOAD_IMAGE_MAX_MB = 1
    with pytest.raises(ImageRejected, match="zu groß"):
        normalise_image(SimpleUploadedFile("x.jpg", b"\xff" * (2**20 + 1)))


@pytest.mark.parametrize(
    "content",
    [
        b"<?php echo 1; ?>",
        b"%PDF-1.4\n%%EOF\n",
        jpeg_with_gps()[:200],
        b"\x89PNG\r\n\x1a\n" + b"\0" * 32,
    ],
    ids=["php", "pdf", "truncated-jpeg", "png-header-only"],
)
def test_wrong_types_and_broken_files_get_a_clear_message(content: bytes) -> None:
    with pytest.raises(ImageRejected) as refused:
        normalise_image(SimpleUploadedFile("x.png", content))
    assert refused.value.message in ("Das ist kein gültiges Bild.",)


def test_exif_gps_is_stripped_and_the_orientation_applied() -> None:
    clean = normalise_image(SimpleUploadedFile("x.jpg", jpeg_with_gps(orientation=6)))
    assert clean.name == "jpg"
    with Image.open(io.BytesIO(clean.read())) as picture:
        assert picture.format == "JPEG"
        assert picture.size == (20, 40)  # turned upright, as the camera meant it
        assert not picture.getexif() and "exif" not in picture.info
        assert "icc_profile" not in picture.info


@pytest.mark.parametrize("fmt", ["PNG", "WEBP", "JPEG"])
def test_the_format_family_is_kept_and_the_file_is_freshly_encoded(fmt: str) -> None:
    buffer = io.BytesIO()
    mode = "RGB" if fmt == "JPEG" else "RGBA"
    source = Image.new(mode, (30, 20), (10, 20, 30))
    options: dict[str, Any] = {"icc_profile": b"fake"} if fmt != "WEBP" else {}
    if fmt == "PNG":
        from PIL.PngImagePlugin import PngInfo

        text = PngInfo()
        text.add_text("Author", "Erika Mustermann")
        options["pnginfo"] = text
    source.save(buffer, format=fmt, **options)
    clean = normalise_image(SimpleUploadedFile("x", buffer.getvalue())).read()
    assert clean != buffer.getvalue()
    assert b"Erika" not in clean
    with Image.open(io.BytesIO(clean)) as picture:
        assert picture.format == fmt and picture.size == (30, 20)
        assert "icc_profile" not in picture.info


def test_an_animated_gif_stays_animated_and_counts_every_frame(settings: Any) -> None:
    frames = [Image.new("RGB", (100, 100), (c, 0, 0)) for c in (0, 120, 240)]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=80)
    clean = normalise_image(SimpleUploadedFile("x.gif", buffer.getvalue()))
    with Image.open(io.BytesIO(clean.read())) as picture:
        assert picture.format == "GIF" and getattr(picture, "n_frames", 1) == 3
    settings.UPLOAD_IMAGE_MAX_PIXELS = 25_000  # one frame fits, three do not
    with pytest.raises(ImageRejected):
        normalise_image(SimpleUploadedFile("x.gif", buffer.getvalue()))


# --- Every upload path refuses the bomb ------------------------------------------------------


def test_feed_attachment_page_refuses_the_bomb(
    cast: Cast, client_for: Any, settings: Any, tmp_path: Any
) -> None:
    settings.DOCUMENTS_ROOT = tmp_path
    response = client_for(cast.alpha, cast.bob).post(
        "/feed/", {"body": "Riesenbild", "attachments": [bomb()]}
    )
    assert response.status_code == 400 and "zu viele Pixel" in response.content.decode()
    with tenant_context(cast.alpha):
        assert not Document.objects.exists()


def test_documents_api_refuses_the_bomb_with_json(
    cast: Cast, client_for: Any, settings: Any, tmp_path: Any
) -> None:
    settings.DOCUMENTS_ROOT = tmp_path
    response = client_for(cast.alpha, cast.bob).post("/api/v1/documents/", {"file": bomb()})
    assert response.status_code == 400
    assert "zu viele Pixel" in response.json()["file"][0]


def test_logo_page_refuses_the_bomb(
    cast: Cast, client_for: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    response = client_for(cast.alpha, cast.alice).post(
        "/einstellungen/erscheinungsbild/",
        {"name": "Alpha", "brand_colour": "#0b5cad", "default_language": "de", "logo": bomb()},
    )
    assert response.status_code == 400 and "zu viele Pixel" in response.content.decode()


def test_impulse_picture_refuses_the_bomb(
    cast: Cast, client_for: Any, tmp_path: Any, settings: Any
) -> None:
    from tests.public_marketplace.test_views import form_data

    settings.MEDIA_ROOT = tmp_path
    response = client_for(None, cast.erin).post(
        "/impulse/neu/", form_data(image=bomb(), image_alt="Ein Bild")
    )
    assert response.status_code == 400
    assert "Pixel" in response.content.decode() or "gültiges Bild" in response.content.decode()

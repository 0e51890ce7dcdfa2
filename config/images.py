"""One rule for every uploaded picture (UPL-1): a byte and a pixel limit, a full decode with
Pillow, EXIF orientation applied, then a fresh encoding in the same format family with no
metadata (EXIF, GPS, XMP, ICC, text chunks). Used by logos, impulse pictures and image
documents (which include feed attachments)."""

from __future__ import annotations

import io
import warnings
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

# Format family kept on re-encoding. Animated GIFs stay animated (every frame counts
# towards the pixel limit); all others keep their first frame only.
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


class ImageRejected(ValueError):
    """An upload that is not an acceptable picture; ``message`` is shown to the person."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def normalise_image(
    upload: Any, *, formats: frozenset[str] | set[str] = frozenset(EXTENSIONS)
) -> ContentFile:
    """The picture re-encoded without metadata, as ``ContentFile(name=<extension>)``."""
    max_bytes = int(settings.UPLOAD_IMAGE_MAX_MB) * 1024 * 1024
    max_pixels = int(settings.UPLOAD_IMAGE_MAX_PIXELS)
    size = int(getattr(upload, "size", 0) or 0)
    if size > max_bytes:
        raise ImageRejected(
            _("Das Bild ist zu groß (%(size)s). Erlaubt sind höchstens %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes)}
        )
    too_many_pixels = ImageRejected(
        _("Das Bild hat zu viele Pixel. Erlaubt sind höchstens %(mp)s Megapixel.")
        % {"mp": max_pixels // 1_000_000}
    )
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb guard warns at MAX_IMAGE_PIXELS; treat that as a refusal too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as source:
                if source.format not in formats:
                    raise ImageRejected(_("Bitte lade ein JPEG-, PNG- oder WebP-Bild hoch."))
                frames = getattr(source, "n_frames", 1) if source.format == "GIF" else 1
                # Checked from the header, before a single pixel is decoded.
                if source.width * source.height * frames > max_pixels:
                    raise too_many_pixels
                return _reencode(source, frames)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise too_many_pixels from exc
    except ImageRejected:
        raise
    except (Image.UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        # Unknown types, truncated or corrupt files: decoding fails somewhere in here.
        raise ImageRejected(_("Das ist kein gültiges Bild.")) from exc


def _reencode(source: Image.Image, frames: int) -> ContentFile:
    fmt = source.format or "PNG"
    buffer = io.BytesIO()
    if fmt == "GIF" and frames > 1:
        images = []
        for index in range(frames):
            source.seek(index)
            images.append(source.convert("RGBA"))
        durations = source.info.get("duration", 100)
        images[0].save(
            buffer, format="GIF", save_all=True, append_images=images[1:],
            duration=durations, loop=source.info.get("loop", 0), disposal=2,
        )  # fmt: skip
        return ContentFile(buffer.getvalue(), name="gif")
    picture = ImageOps.exif_transpose(source) or source
    picture.load()
    alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
    if fmt == "JPEG":
        picture = picture.convert("L" if picture.mode in ("L", "1") else "RGB")
    else:
        picture = picture.convert("RGBA" if alpha else "RGB")
    # A fresh image carries no info dict: no EXIF, XMP, ICC profile or PNG text chunks.
    clean = Image.new(picture.mode, picture.size)
    clean.paste(picture)
    options: dict[str, Any] = {"quality": 88} if fmt in ("JPEG", "WEBP") else {}
    clean.save(buffer, format=fmt, **options)
    return ContentFile(buffer.getvalue(), name=EXTENSIONS[fmt])

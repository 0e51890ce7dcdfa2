"""A picture chosen on the impulse form, kept while the form comes back with an error.

Browsers never refill a file input, so a picture would be lost whenever another field fails.
The view stores the picture re-encoded (EXIF and locations already gone, UPL-1) in a folder
that no route serves, and the form carries a signed token naming the file and the person it
belongs to; the next submission picks the picture up from there. Tokens expire after
``PENDING_SECONDS``; ``purge_pending_images`` (hourly, ``config/settings.py``) deletes files
that nobody came back for."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from public_marketplace.services.impulses import reencode_image

FOLDER = "pending-images"
PENDING_SECONDS = 24 * 3600
_SALT = "public_marketplace.pending-image"
_STORED_NAME = re.compile(rf"^{FOLDER}/[0-9a-f]{{32}}\.(jpg|png|webp)$")


@dataclass(frozen=True)
class PendingImage:
    token: str
    filename: str  # as the person chose it, for the form's "kept" note
    stored_name: str

    def open(self) -> ContentFile | None:
        """The picture as an upload for ``add_image``; None once it has been purged."""
        try:
            with default_storage.open(self.stored_name, "rb") as stored:
                return ContentFile(stored.read(), name=self.filename)
        except FileNotFoundError:
            return None


def keep_image(*, upload: Any, user: Any) -> PendingImage:
    """Store ``upload`` for ``user``'s next submission. Raises ``ImpulseError`` (field
    ``image``) for what is not an acceptable picture."""
    content = reencode_image(upload)
    stored_name = default_storage.save(f"{FOLDER}/{uuid.uuid4().hex}.{content.name}", content)
    filename = str(getattr(upload, "name", "") or content.name)[-100:]
    token = signing.dumps({"s": stored_name, "u": user.pk, "f": filename}, salt=_SALT)
    return PendingImage(token=token, filename=filename, stored_name=stored_name)


def pending_image(*, token: str, user: Any) -> PendingImage | None:
    """The picture a token names, if the token is genuine, fresh, ``user``'s and the file is
    still there; None otherwise (a forged, expired or someone else's token)."""
    try:
        value = signing.loads(token, salt=_SALT, max_age=PENDING_SECONDS)
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    if not isinstance(value, dict) or value.get("u") != user.pk:
        return None
    stored_name, filename = value.get("s"), value.get("f")
    if not isinstance(stored_name, str) or not _STORED_NAME.match(stored_name):
        return None
    if not default_storage.exists(stored_name):
        return None
    return PendingImage(token=token, filename=str(filename or ""), stored_name=stored_name)


def discard_image(pending: PendingImage) -> None:
    """Delete the kept file once the impulse holds its own copy."""
    default_storage.delete(pending.stored_name)


def purge_pending_images(*, older_than: timedelta = timedelta(seconds=PENDING_SECONDS)) -> int:
    """Delete kept pictures older than their tokens can be; returns how many."""
    try:
        _folders, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    cutoff = timezone.now() - older_than
    purged = 0
    for name in files:
        path = f"{FOLDER}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            purged += 1
    return purged

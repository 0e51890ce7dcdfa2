"""Uploaded files in an S3 bucket (django-storages), when one is configured (config/settings.py).

The bucket is private. Two storages share it under two prefixes:

* ``MediaStorage`` (``media/``): pictures that are public by nature (impulse pictures, logos)
  and pictures kept while a form comes back (``pending-images/``). Their URL is the site's own
  ``/media/<name>`` route, which streams the picture from the bucket (see public_media in
  config/urls_common.py and docs/architecture.md for why not a signed URL in the page).
* ``DocumentStorage`` (``documents/<schema>/``): documents and attachments. Their URL is a signed
  one that expires after ``STORAGE_SIGNED_URL_SECONDS``, handed out only by the download views
  after the permission check (documents/views.py).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class MediaStorage(S3Storage):
    def url(
        self,
        name: str,
        parameters: dict[str, Any] | None = None,
        expire: int | None = None,
        http_method: str | None = None,
    ) -> str:
        """The site's own route: a page never embeds a bucket URL (nor one that expires)."""
        return f"{settings.MEDIA_URL}{filepath_to_uri(name)}"


class DocumentStorage(S3Storage):
    """Signed URLs only (``querystring_auth``); the location ends in the schema's name."""

    def delete_prefix(self) -> int:
        """Delete every object under this storage's location; returns how many."""
        prefix = f"{self.location.rstrip('/')}/"
        removed = 0
        for batch in _batches(self.bucket.objects.filter(Prefix=prefix), 1000):
            self.bucket.delete_objects(
                Delete={"Objects": [{"Key": o.key} for o in batch], "Quiet": True}
            )
            removed += len(batch)
        return removed


def _batches(items: Any, size: int) -> Any:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def object_key(storage: S3Storage, name: str) -> str:
    """The bucket key of ``name`` in ``storage`` (its location prefix included)."""
    return str(storage._normalize_name(clean_name(name)))

"""Routes served on every host: probes, favicon, language switch, accounts, public pictures."""

from __future__ import annotations

import mimetypes

from django.conf import settings
from django.core.files.storage import default_storage, storages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import include, path, re_path
from django.views.static import serve

from config.health import healthz, readyz
from config.metrics import metrics
from config.pages import favicon
from config.storage import MediaStorage


def public_media(request: HttpRequest, path: str) -> HttpResponse | FileResponse:
    """A public picture. From the bucket (config/storage.py MediaStorage) it streams through
    here rather than as a signed URL in the page: the page and the picture stay cacheable and a
    lazily loaded picture never meets an expired URL (docs/architecture.md)."""
    if not isinstance(storages["default"], MediaStorage):
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    if ".." in path.split("/"):
        raise Http404
    try:
        handle = default_storage.open(path, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=mimetypes.guess_type(path)[0])
    # Names are random and never reused: a picture never changes under its URL.
    response["Cache-Control"] = "public, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics, name="metrics"),
    path("favicon.ico", favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    # Pictures that are public by nature (impulse images, organisation logos), re-encoded on
    # upload. Only these folders: files of an intranet are never served from here. In
    # production a CDN or the ingress may serve the same folders from MEDIA_ROOT instead.
    re_path(
        r"^media/(?P<path>(?:impulses|logos)/[\w./-]+)$",
        public_media,
        name="public_media",
    ),
]

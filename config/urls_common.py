"""Routes served on every host: probes, favicon, language switch, accounts, public pictures."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.urls import include, path, re_path
from django.views.static import serve

from config.health import healthz, readyz
from config.metrics import metrics
from config.pages import favicon


def public_media(request: HttpRequest, path: str) -> HttpResponse | FileResponse:
    return serve(request, path, document_root=settings.MEDIA_ROOT)


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

"""Error pages: HTML for people, a JSON body for API clients (every path under /api/)."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def api_error(status: int, detail: str, code: str) -> JsonResponse:
    """The body every API error has (docs/api.md): ``{"detail": …, "code": …}``."""
    return JsonResponse({"detail": detail, "code": code}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Django answers a body beyond DATA_UPLOAD_MAX_MEMORY_SIZE (or too many fields) through here.
    too_large = isinstance(exception, RequestDataTooBig)
    if is_api(request):
        if too_large:
            return api_error(413, _("Die Anfrage ist zu groß."), "too_large")
        return api_error(400, _("Die Anfrage ist ungültig."), "invalid")
    return render(request, "errors/400.html", status=413 if too_large else 400)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        return api_error(404, _("Nicht gefunden."), "not_found")
    return render(request, "errors/404.html", status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        return api_error(403, _("Das darfst du nicht."), "forbidden")
    return render(request, "errors/403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        return api_error(500, _("Etwas ist schiefgelaufen."), "server_error")
    return render(request, "errors/500.html", status=500)

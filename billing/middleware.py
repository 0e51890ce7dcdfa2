"""An organisation whose grace period has run out is read-only until it pays (issue #5).

Reading stays possible everywhere and nothing is deleted; every change is refused, except on the
billing pages (so admins can pay) and for logging in and out.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from billing.entitlements import entitlements

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
ALWAYS_ALLOWED = ("/einstellungen/abrechnung/", "/anmelden/", "/accounts/", "/i18n/")


class ReadOnlyWhenUnpaidMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tenant = getattr(request, "tenant", None)
        if (
            request.method not in SAFE_METHODS
            and tenant is not None
            and not tenant.is_public
            and not request.path.startswith(ALWAYS_ALLOWED)
            and entitlements(tenant).read_only
        ):
            message = _(
                "Euer Zugang ist nur noch lesbar, weil eine Zahlung offen ist. Sobald sie "
                "beglichen ist, geht alles wieder; es ist nichts verloren."
            )
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message, "code": "read_only"}, status=403)
            return render(request, "billing/read_only.html", {"message": message}, status=403)
        return self.get_response(request)

"""Login lockout (docs/security.md AUTH-4): django-axes counts failed logins per account and per
address, in the public schema, so every host and every way to log in (the web form on any
host, the admin, the API token endpoint) shares one counter per account.

Axes is told who and where through the two callables below; the web form and the token endpoint
ask ``is_locked_out`` before they check a password.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _


def login_of(request: Any, credentials: dict[str, Any] | None) -> str:
    """AXES_USERNAME_CALLABLE: the account a login attempt is for, however the form names it
    (allauth: ``email`` / ``login``, the token endpoint and the admin: ``username``)."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not value and request is not None:
        data = getattr(request, "POST", None) or {}
        value = data.get("login") or data.get("username") or data.get("email")
    return str(value or "").strip().lower()[:255]


def client_address(request: Any) -> str:
    """AXES_CLIENT_IP_CALLABLE: ``REMOTE_ADDR`` only; ClientAddressMiddleware has already put
    the real client there when a trusted proxy forwarded the request."""
    meta = getattr(request, "META", {})
    return str(meta.get("REMOTE_ADDR") or "")


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_message() -> str:
    return _(
        "Zu viele fehlgeschlagene Anmeldeversuche. Aus Sicherheitsgründen ist die Anmeldung "
        "für %(minutes)d Minuten gesperrt. Du kannst dein Passwort zurücksetzen."
    ) % {"minutes": lockout_minutes()}


def is_locked_out(request: HttpRequest, login: str) -> bool:
    return not AxesProxyHandler.is_allowed(request, {"username": login})


def forget_failures(login: str) -> None:
    """After a successful login: the account's own failures go, the address's others stay (so an
    attacker cannot clear an address's count by logging into an account of their own)."""
    if login:
        AccessAttempt.objects.filter(username=login).delete()


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE, for a request whose failed attempt reached the limit: a JSON 429
    on the API (docs/api.md), else the page as rendered (its form shows the message) as 429."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message(), "code": "locked_out"}, status=429)
    if original_response is None:
        from django.shortcuts import render

        return render(request, "errors/locked_out.html", {"message": lockout_message()}, status=429)
    original_response.status_code = 429
    return original_response


class LockoutBackend(AxesStandaloneBackend):
    """Axes' backend, minus its refusal of calls without a request: those (the test client's
    ``login()``, management commands) are no remote attempts and have no address to count."""

    def authenticate(self, request: Any, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)

"""A session started by an organisation's identity provider counts as a login on that
organisation's host only (docs/security.md AUTH-9)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse

from sso.services import session_scope


class SSOScopeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        scope = session_scope(request.session)
        if scope is not None and getattr(getattr(request, "tenant", None), "pk", None) != scope:
            # Elsewhere the person is a visitor; the session itself stays valid on its host.
            request.user = AnonymousUser()
        return self.get_response(request)

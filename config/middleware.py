"""Request id, request log line and Sentry scope for every request."""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import re
import time
import uuid
from collections.abc import Callable
from urllib.parse import unquote_plus

from django.http import HttpRequest, HttpResponse

from config import metrics
from config.logging import request_context

logger = logging.getLogger("wecreate.request")
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Accept a proxy's X-Request-ID (if well-formed) or make one; echo it in the response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_context.set({"request_id": request_id})
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        finally:
            context = request_context.get() or {}
            request_context.reset(token)
        response["X-Request-ID"] = request_id
        if not request.path.startswith(("/healthz", "/readyz", "/static/", "/metrics")):
            metrics.observe(request, response.status_code, time.perf_counter() - started)
            logger.info(
                "request",
                extra={
                    **context,
                    "method": request.method,
                    "route": getattr(request.resolver_match, "route", None),
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
        return response


class ObservabilityMiddleware:
    """After routing and authentication: add organisation and user ids to logs and Sentry."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tenant = getattr(request, "tenant", None)
        organisation_id = getattr(tenant, "pk", None)
        user_id = request.user.pk if request.user.is_authenticated else None
        context = dict(request_context.get() or {})
        context.update({"organisation_id": organisation_id, "user_id": user_id})
        request_context.set(context)
        try:
            import sentry_sdk

            sentry_sdk.set_tag("organisation_id", str(organisation_id))
            sentry_sdk.set_tag("request_id", context.get("request_id"))
            sentry_sdk.set_user({"id": str(user_id)} if user_id else None)
        except ImportError:  # pragma: no cover
            pass
        response = self.get_response(request)
        if tenant is not None and not getattr(tenant, "is_public", True):
            # Intranet answers carry personal data: never cached by browsers or proxies.
            response["Cache-Control"] = "no-store"
        return response


class GermanFirstMiddleware:
    """German unless the visitor chose otherwise: the browser's Accept-Language is ignored, so
    the language switch (a cookie) is the only way to English. An organisation may make English
    its intranet's default (organisation settings); the visitor's own choice still wins."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        default = getattr(getattr(request, "tenant", None), "default_language", "de")
        if default != "de":
            request.META["HTTP_ACCEPT_LANGUAGE"] = default  # read by LocaleMiddleware
        return self.get_response(request)


class RefuseNulCharactersMiddleware:
    """A NUL character in the path or a query parameter is refused with 400 before any view
    uses it: PostgreSQL cannot store or compare text with NUL, so a search for ``%00`` would
    otherwise fail in the database. Bodies need no such guard: Django's and DRF's form and
    serializer fields refuse NUL themselves. Checked once the route is known, so the error
    page is rendered with the host's own routes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., HttpResponse], *args: object
    ) -> HttpResponse | None:
        if "\x00" in request.path or "\x00" in unquote_plus(request.META.get("QUERY_STRING", "")):
            from config.errors import bad_request

            return bad_request(request)
        return None


class ClientAddressMiddleware:
    """Put the client's real address into ``REMOTE_ADDR``, trusting ``X-Forwarded-For`` only
    from the proxies in ``TRUSTED_PROXIES`` (docs/security.md AUTH-4).

    Every limit (login lockout, API throttles, allauth's rate limits) reads ``REMOTE_ADDR`` only,
    so a client that sends its own X-Forwarded-For gains nothing. Behind trusted proxies the
    header is read from the right, skipping the proxies themselves: the first address that is no
    trusted proxy is the client (addresses further left are the client's own claim).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        from django.conf import settings

        self.get_response = get_response
        self.trusted = [ipaddress.ip_network(p, strict=False) for p in settings.TRUSTED_PROXIES]

    def _is_trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address.strip())
        except ValueError:
            return False
        return any(ip in network for network in self.trusted)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        peer = request.META.get("REMOTE_ADDR", "")
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if self.trusted and forwarded and self._is_trusted(peer):
            client = peer
            for hop in reversed([h.strip() for h in forwarded.split(",") if h.strip()]):
                client = hop
                if not self._is_trusted(hop):
                    break
            # Garbage from the client (no address at all): keep the proxy's address.
            with contextlib.suppress(ValueError):
                request.META["REMOTE_ADDR"] = str(ipaddress.ip_address(client))
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """WEB-7: every answer denies the powerful browser features WeCreate never uses. Stripe
    Checkout runs on stripe.com after a redirect, so ``payment`` is denied on our origin too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        from django.conf import settings

        self.get_response = get_response
        self.value = ", ".join(
            f"{feature}=({' '.join(allow)})"
            for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.value)
        return response

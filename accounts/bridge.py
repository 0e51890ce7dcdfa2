"""One login across hosts that cannot share a cookie (``*.localhost`` in development, custom
domains in production): the root domain hands its session to an organisation's host.

Root domain, logged in → a single-use token (60 s, stored server-side) → the organisation's host
redeems it and sets its own cookie for the *same* session. One session row serves every host,
so logging out anywhere ends the login everywhere.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.cache import caches
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from tenants.models import absolute_url
from tenants.routing import organisation_for_host

TOKEN_SECONDS = 60


def issue_token(session: SessionBase, user_id: int) -> str:
    token = secrets.token_urlsafe(32)
    payload = {"session_key": session.session_key, "user_id": user_id}
    caches["platform"].set(f"login-bridge:{token}", payload, TOKEN_SECONDS)  # seen by every host
    return token


def redeem_token(token: str) -> dict[str, object] | None:
    """The handed-over session, once; ``None`` for an unknown, used or expired token."""
    if not token or len(token) > 100:
        return None
    key = f"login-bridge:{token}"
    platform = caches["platform"]
    payload = platform.get(key)
    # Whoever deletes the key redeems it: two simultaneous uses cannot both succeed.
    if not platform.delete(key):
        return None
    return payload if isinstance(payload, dict) else None


def organisation_target(url: str) -> str | None:
    """``url`` if it points at a known organisation host on our scheme; else ``None`` (no open
    redirects)."""
    parts = urlsplit(url or "")
    if parts.scheme != settings.BASE_URL_SCHEME or not parts.hostname:
        return None
    organisation = organisation_for_host(parts.hostname)
    if organisation is None or organisation.is_public:
        return None
    return url


def root_bridge_url(target: str) -> str:
    return absolute_url(settings.BASE_DOMAIN, "/konto/weiter/?" + urlencode({"to": target}))


def finish_url(target: str, token: str) -> str:
    parts = urlsplit(target)
    next_path = parts.path + (f"?{parts.query}" if parts.query else "")
    base = f"{parts.scheme}://{parts.netloc}"
    return f"{base}/anmelden/fertig/?" + urlencode({"token": token, "next": next_path or "/"})


def safe_next(request: HttpRequest, next_path: str | None) -> str:
    if next_path and url_has_allowed_host_and_scheme(next_path, allowed_hosts={request.get_host()}):
        return next_path
    return "/"

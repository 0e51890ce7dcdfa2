"""One login across hosts that cannot share a cookie (``*.localhost`` in development, custom
domains in production): the root domain vouches for a person to an organisation's host.

Root domain, logged in, allowed into the organisation → a single-use token (60 s, stored
server-side) bound to the one target host → that host redeems it and starts a session of its
own (a new key; the root's key never leaves the root domain). The new session is linked to the
root session (``LinkedSession``), so logging out anywhere, a password change and erasure end
the root session and all sessions linked to it (docs/security.md AUTH-7).
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django_tenants.utils import get_public_schema_name, schema_context

from accounts.models import LinkedSession, User
from tenants.models import Organisation, absolute_url
from tenants.routing import organisation_for_host

TOKEN_SECONDS = 60


def issue_token(session: SessionBase, user_id: int, host: str) -> str:
    """A token that only ``host`` can redeem, for the person logged in with ``session``."""
    token = secrets.token_urlsafe(32)
    payload = {"root_session_key": session.session_key, "user_id": user_id, "host": host}
    caches["platform"].set(f"login-bridge:{token}", payload, TOKEN_SECONDS)  # seen by every host
    return token


def redeem_token(token: str, host: str) -> dict[str, Any] | None:
    """The hand-over for ``host``, once; ``None`` for an unknown, used, expired or foreign
    token (one issued for another host is used up all the same: it was shown to the wrong host)."""
    if not token or len(token) > 100:
        return None
    key = f"login-bridge:{token}"
    platform = caches["platform"]
    payload = platform.get(key)
    # Whoever deletes the key redeems it: two simultaneous uses cannot both succeed.
    if not platform.delete(key):
        return None
    if not isinstance(payload, dict) or payload.get("host") != host:
        return None
    return payload


def _port_allowed(port: int | None) -> bool:
    """Only the port our links use (BASE_PORT; none, or the scheme's default, without one)."""
    default = 443 if settings.BASE_URL_SCHEME == "https" else 80
    expected = int(settings.BASE_PORT) if settings.BASE_PORT else None
    return port == expected or (expected in (None, default) and port in (None, default))


def organisation_target(url: str) -> tuple[str, Organisation] | None:
    """``(url, organisation)`` if ``url`` points at a known organisation host on our scheme and
    port; else ``None`` (no open redirects)."""
    parts = urlsplit(url or "")
    if parts.scheme != settings.BASE_URL_SCHEME or not parts.hostname:
        return None
    try:
        port = parts.port
    except ValueError:
        return None
    if not _port_allowed(port) or parts.username or parts.password:
        return None
    organisation = organisation_for_host(parts.hostname)
    if organisation is None or organisation.is_public:
        return None
    return url, organisation


def may_enter(*, user: Any, organisation: Organisation, path: str) -> bool:
    """Whether the root domain hands this person's login to the organisation's host: members,
    platform staff under a valid support grant (AUTH-8), and anyone following an open
    invitation of that organisation (to accept it with the account they have)."""
    from audit.services import is_platform_staff, valid_grant
    from intranet.models import Membership
    from tenants.services import InvitationError, invitation_for_token

    if not organisation.is_ready:
        return False
    with schema_context(organisation.schema_name):
        if Membership.objects.filter(user_id=user.pk, is_active=True).exists():
            return True
        if is_platform_staff(user.pk) and valid_grant() is not None:
            return True
    prefix = "/einladung/"
    if path.startswith(prefix) and path.count("/") == 3 and path.endswith("/"):
        try:
            invitation_for_token(organisation=organisation, token=path[len(prefix) : -1])
        except InvitationError:
            return False
        return True
    return False


@transaction.atomic
def link_session(*, root_session_key: str, session_key: str, host: str, user_id: int) -> None:
    with schema_context(get_public_schema_name()):
        LinkedSession.objects.update_or_create(
            session_key=session_key,
            defaults={"root_session_key": root_session_key, "host": host, "user_id": user_id},
        )


def root_session_alive(root_session_key: str, user_id: int) -> bool:
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore(session_key=root_session_key)
    return str(session.get(SESSION_KEY)) == str(user_id)


def end_linked_sessions(session_key: str | None) -> int:
    """Logout anywhere: end the root session behind ``session_key`` and every session linked to
    it (``session_key`` itself included). Returns how many sessions were deleted."""
    if not session_key:
        return 0
    with schema_context(get_public_schema_name()):
        link = LinkedSession.objects.filter(session_key=session_key).first()
        root = link.root_session_key if link else session_key
        links = LinkedSession.objects.filter(root_session_key=root)
        keys = {root, session_key, *links.values_list("session_key", flat=True)}
        links.delete()
        count, _details = Session.objects.filter(session_key__in=keys).delete()
    return count


def end_all_linked_sessions(user: User, *, keep: str | None = None) -> int:
    """Password change, erasure: every bridged session of the person, on every host (but
    ``keep``, the session the password was just changed in)."""
    with schema_context(get_public_schema_name()):
        links = LinkedSession.objects.filter(user_id=user.pk).exclude(session_key=keep or "")
        keys = list(links.values_list("session_key", flat=True))
        links.delete()
        count, _details = Session.objects.filter(session_key__in=keys).delete()
    return count


def end_sessions_on_host(host: str) -> int:
    """A custom domain we no longer trust: end the sessions the bridge started there."""
    with schema_context(get_public_schema_name()):
        links = LinkedSession.objects.filter(host=host)
        keys = list(links.values_list("session_key", flat=True))
        links.delete()
        count, _details = Session.objects.filter(session_key__in=keys).delete()
    return count


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

"""Fixed-window rate limits on the shared cache, for actions people take (posting, commenting,
supporting). Services call ``hit()``; going over raises ``RateLimited`` (HTTP 429 in the API)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from config.domain import RateLimited

# action: (limit, window in seconds). Overridable with RATE_LIMITS in settings.
DEFAULT_LIMITS = {
    "impulse.create": (10, 3600),
    "comment.create": (30, 600),
    "support.toggle": (120, 600),
    "report.create": (20, 3600),
    "follow.toggle": (60, 600),
    "workspace.create": (20, 3600),
    "post.create": (60, 600),
    "offer.create": (30, 3600),
    "workspace.invite": (30, 3600),  # invitation links and e-mails (workspaces/invitations.py)
    # Links to take part without a password (public_marketplace/services/without_account.py):
    # per client address, and per e-mail address so nobody floods someone else's inbox.
    "participation_link.address": (10, 3600),
    "participation_link.email": (3, 3600),
    "partner.contact": (5, 3600),  # the contact form of a partner (per account or address)
    "partner.request": (20, 3600),  # a box's requests to partners (per account)
}


# Set while the platform itself makes content (demo data): no person is acting, nobody to slow.
_exempt: ContextVar[bool] = ContextVar("ratelimit_exempt", default=False)


@contextmanager
def exempt() -> Iterator[None]:
    token = _exempt.set(True)
    try:
        yield
    finally:
        _exempt.reset(token)


def hit(action: str, key: object) -> None:
    if _exempt.get():
        return
    limit, window = getattr(settings, "RATE_LIMITS", {}).get(action, DEFAULT_LIMITS[action])
    bucket = int(time.time() // window)
    cache_key = f"rl:{action}:{key}:{bucket}"
    cache.add(cache_key, 0, window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, window)
        count = 1
    if count > limit:
        raise RateLimited(_("Zu viele Aktionen in kurzer Zeit. Bitte warte etwas."))

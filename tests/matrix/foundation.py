"""Route matrix entries for the foundation (organisations, accounts, probes).

Each module in tests/matrix/ exports TENANT and PUBLIC dicts ({route name: (path, {actor:
status})}) and PUBLIC_ROUTES ({route name: reason anonymous visitors may read it}); the
route-matrix test merges them all. Add a module per area instead of editing another's.
"""

from __future__ import annotations

from typing import Any

from tests.matrix.actors import ACTORS


def objects(cast: Any) -> dict[str, str]:
    return {"alpha": str(cast.alpha.public_id)}


# Third-party route families, tested by their own projects; listed with the reason.
DELEGATED_PREFIXES = {
    "accounts/": "django-allauth's login, sign-up, e-mail and password flows",
    "admin/": "Django admin: staff only, its own permission checks",
    "i18n/": "Django's language switch (POST only changes a cookie)",
}

# Routes anonymous visitors may read, and why (AUTH-1's allow-list).
PUBLIC_ROUTES = {
    "healthz": "liveness probe, no data",
    "readyz": "readiness probe, booleans only",
    "api-schema": "OpenAPI description, no data",
    "home": "public network home / intranet welcome page with a login link",
    "intranet:accept_invitation": "the invitation link itself is the credential",
    "login_bridge": "login hand-over: sends anonymous visitors to the login page",
    "login_start": "login hand-over: sends anonymous visitors to the root domain",
    "login_finish": "login hand-over: the single-use token is the credential",
}

TENANT = {
    # name: (path, {actor: status})
    "healthz": ("/healthz", dict.fromkeys(ACTORS, 200)),
    "readyz": ("/readyz", dict.fromkeys(ACTORS, 200)),
    "api-schema": ("/api/schema/", dict.fromkeys(ACTORS, 200)),
    "api-root": (
        "/api/v1/",
        {
            "anonymous": 403,
            "erin": 200,
            "gina": 200,
            "bob": 200,
            "alice": 200,
            "carol": 200,
            "staff": 200,
        },
    ),
    "intranet:home": (
        "/",
        {
            "anonymous": 200,
            "erin": 403,
            "gina": 200,
            "bob": 200,
            "alice": 200,
            "carol": 403,
            "staff": 403,
        },
    ),
    "intranet:members": (
        "/mitglieder/",
        {
            "anonymous": 302,
            "erin": 404,
            "gina": 403,
            "bob": 200,
            "alice": 200,
            "carol": 404,
            "staff": 404,
        },
    ),
    "intranet:accept_invitation": ("/einladung/unknown-token/", dict.fromkeys(ACTORS, 410)),
    "login_start": ("/anmelden/", dict.fromkeys(ACTORS, 302)),
    "login_finish": ("/anmelden/fertig/?token=forged", dict.fromkeys(ACTORS, 400)),
    "intranet:settings": (
        "/einstellungen/",
        {
            "anonymous": 302,
            "erin": 404,
            "gina": 403,
            "bob": 403,
            "alice": 200,
            "carol": 404,
            "staff": 404,
        },
    ),
    "intranet:deactivate": (
        "/einstellungen/deaktivieren/",
        {
            "anonymous": 302,
            "erin": 404,
            "gina": 403,
            "bob": 403,
            "alice": 405,
            "carol": 404,
            "staff": 404,
        },
    ),
    "member-list": (
        "/api/v1/members/",
        {
            "anonymous": 403,
            "erin": 403,
            "gina": 403,  # guests do not read the directory, as on /mitglieder/ (AUTH-10)
            "bob": 200,
            "alice": 200,
            "carol": 403,
            "staff": 403,
        },
    ),
    "invitation-list": (
        "/api/v1/invitations/",
        {
            "anonymous": 403,
            "erin": 403,
            "gina": 405,
            "bob": 405,
            "alice": 405,
            "carol": 403,
            "staff": 403,
        },
    ),
}

PUBLIC = {
    "healthz": ("/healthz", dict.fromkeys(ACTORS, 200)),
    "readyz": ("/readyz", dict.fromkeys(ACTORS, 200)),
    "api-schema": ("/api/schema/", dict.fromkeys(ACTORS, 200)),
    "api-root": ("/api/v1/", {**dict.fromkeys(ACTORS, 200), "anonymous": 403}),
    "home": ("/", dict.fromkeys(ACTORS, 200)),
    "login_bridge": ("/konto/weiter/?to=https://evil.example/", dict.fromkeys(ACTORS, 404)),
    "organisation_create": (
        "/organisationen/neu/",
        {**dict.fromkeys(ACTORS, 200), "anonymous": 302},
    ),
    "organisation_status": (
        "/organisationen/{alpha}/",
        {**dict.fromkeys(ACTORS, 404), "anonymous": 302, "alice": 200},
    ),
    "organisation-list": (
        "/api/v1/organisations/",
        {**dict.fromkeys(ACTORS, 200), "anonymous": 403},
    ),
    "organisation-detail": (
        "/api/v1/organisations/{alpha}/",
        {**dict.fromkeys(ACTORS, 404), "anonymous": 403, "alice": 200},
    ),
}

# Writes with an empty body: who gets an answer; everyone else is refused
# (tests/test_route_matrix_writes.py).
TENANT_WRITES = {
    "intranet:members": {"post": "alice"},
    "intranet:accept_invitation": {"post": "anonymous erin gina bob alice carol staff"},
    "intranet:settings": {"post": "alice"},
    "intranet:deactivate": {"post": "alice"},
    "invitation-list": {"post": "alice"},
}

PUBLIC_WRITES = {
    "organisation_create": {"post": "erin gina bob alice carol staff"},
    "organisation-list": {"post": "erin gina bob alice carol staff"},
}

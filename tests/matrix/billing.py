"""Route matrix entries for billing: the Stripe webhook and the staff overview on the public
host, the billing pages inside an organisation (owners and admins only)."""

from __future__ import annotations

from tests.matrix.actors import ACTORS

PUBLIC_ROUTES = {
    "stripe_webhook": "Stripe calls it; the signature is the credential",
}

PUBLIC = {
    "stripe_webhook": ("/stripe/webhook/", dict.fromkeys(ACTORS, 405)),
    "billing_staff": (
        "/staff/abrechnung/",
        {**dict.fromkeys(ACTORS, 404), "anonymous": 302, "staff": 200},
    ),
}

# Admins and owners; members and guests 403; strangers 404 (as if there were no page).
_ADMIN_PAGE = {
    "anonymous": 302,
    "erin": 404,
    "gina": 403,
    "bob": 403,
    "alice": 200,
    "carol": 404,
    "staff": 404,
}
_ADMIN_POST = {**_ADMIN_PAGE, "alice": 405}

TENANT = {
    "billing:overview": ("/einstellungen/abrechnung/", _ADMIN_PAGE),
    # The card form stands in for Stripe Checkout only with the local double (off here).
    "billing:checkout": ("/einstellungen/abrechnung/kasse/", {**_ADMIN_PAGE, "alice": 404}),
    "billing:subscribe": ("/einstellungen/abrechnung/buchen/", _ADMIN_POST),
    "billing:change": ("/einstellungen/abrechnung/wechseln/", _ADMIN_POST),
    "billing:cancel": ("/einstellungen/abrechnung/kuendigen/", _ADMIN_POST),
    "billing:portal": ("/einstellungen/abrechnung/zahlungsdaten/", _ADMIN_POST),
    "billing:details": ("/einstellungen/abrechnung/rechnungsdaten/", _ADMIN_POST),
    "intranet:api_access": ("/einstellungen/api/", _ADMIN_PAGE),
}  # fmt: skip

# Writes with an empty body: who gets an answer; everyone else is refused
# (tests/test_route_matrix_writes.py).
TENANT_WRITES = {
    "billing:subscribe": {"post": "alice"},
    "billing:change": {"post": "alice"},
    "billing:cancel": {"post": "alice"},
    "billing:portal": {"post": "alice"},
    "billing:details": {"post": "alice"},
}

PUBLIC_WRITES = {
    "stripe_webhook": {"post": "anonymous erin gina bob alice carol staff"},
}

"""Route matrix entries for organisation settings (owners), the branding stylesheet and the
public pictures."""

from __future__ import annotations

from tests.matrix.actors import ACTORS

_OWNER_POST = {
    "anonymous": 302,
    "erin": 404,
    "gina": 403,
    "bob": 403,
    "alice": 405,
    "carol": 404,
    "staff": 404,
}

PUBLIC_ROUTES = {
    "intranet:branding_css": "the organisation's colour, shown on its login page too",
    "public_media": "impulse images and organisation logos, public by nature",
}

TENANT = {
    "intranet:appearance": ("/einstellungen/erscheinungsbild/", _OWNER_POST),
    "intranet:add_domain": ("/einstellungen/domains/", _OWNER_POST),
    "intranet:check_domain": ("/einstellungen/domains/pruefen/", _OWNER_POST),
    "intranet:remove_domain": ("/einstellungen/domains/entfernen/", _OWNER_POST),
    "intranet:branding_css": ("/branding.css", dict.fromkeys(ACTORS, 200)),
    "public_media": ("/media/logos/none.png", dict.fromkeys(ACTORS, 404)),
}  # fmt: skip

PUBLIC = {
    "public_media": ("/media/impulses/none.jpg", dict.fromkeys(ACTORS, 404)),
}

# Writes with an empty body: who gets an answer; everyone else is refused
# (tests/test_route_matrix_writes.py).
TENANT_WRITES = {
    "intranet:appearance": {"post": "alice"},
    "intranet:add_domain": {"post": "alice"},
    "intranet:remove_domain": {"post": "alice"},
}

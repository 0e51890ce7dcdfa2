"""Route matrix entries for the network's legal pages and the favicon (config/pages.py)."""

from __future__ import annotations

from tests.matrix.actors import ACTORS

ALL_OK = dict.fromkeys(ACTORS, 200)

PUBLIC_ROUTES = {
    "imprint": "the imprint (Impressum): the operator's published contact details, no user data",
    "privacy_notice": "the privacy notice (Datenschutz): static text, no user data",
    "accessibility_statement": "the accessibility statement (Barrierefreiheit): static text",
}

# Every host: a redirect to the static icon.
TENANT = {"favicon": ("/favicon.ico", dict.fromkeys(ACTORS, 302))}

PUBLIC = {
    "favicon": ("/favicon.ico", dict.fromkeys(ACTORS, 302)),
    "imprint": ("/impressum/", ALL_OK),
    "privacy_notice": ("/datenschutz/", ALL_OK),
    "accessibility_statement": ("/barrierefreiheit/", ALL_OK),
}

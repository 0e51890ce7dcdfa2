"""Route matrix entries for taking part without a password (e-mail links)."""

from __future__ import annotations

from tests.matrix.actors import ACTORS

PUBLIC_ROUTES = {
    "participate_without_account": "asking for an e-mail link is how anonymous visitors join in",
}

PUBLIC = {
    # Signed-in people are sent to the ordinary buttons.
    "participate_without_account": (
        "/impulse/{impulse}/ohne-konto/unterstuetzen/",
        {**dict.fromkeys(ACTORS, 302), "anonymous": 200},
    ),
    # A broken link: the same clear page for everyone.
    "participation_confirm": ("/mitmachen/bestaetigen/kaputt/", dict.fromkeys(ACTORS, 410)),
}

PUBLIC_WRITES = {
    # Anonymous: the form's errors; signed in: the redirect to the impulse, nothing written.
    "participate_without_account": {"post": "anonymous erin gina bob alice carol staff"},
    # The "link not valid" page, nothing written.
    "participation_confirm": {"post": "anonymous erin gina bob alice carol staff"},
}

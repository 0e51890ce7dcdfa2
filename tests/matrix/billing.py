"""Route matrix entries for billing: the Stripe webhook on the public host (POST only)."""

from __future__ import annotations

from tests.matrix.actors import ACTORS

PUBLIC_ROUTES = {
    "stripe_webhook": "Stripe calls it; the signature is the credential",
}

PUBLIC = {
    "stripe_webhook": ("/stripe/webhook/", dict.fromkeys(ACTORS, 405)),
}

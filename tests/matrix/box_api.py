"""Route matrix entries for the boxes API on the network (public_marketplace/api_boxes.py).

The objects are those of tests/matrix/boxes.py: the box of erin's impulse (erin owns it, gina
helps, bob asked to join, carol's offer is open) and its link; plus erin's friend circle
(secret, erin alone), which everyone else gets as 404. Anonymous callers get 403 (API).
"""

from __future__ import annotations

from typing import Any

from tests.matrix.actors import ACTORS


def api(default: int, **answers: int) -> dict[str, int]:
    return {**dict.fromkeys(ACTORS, default), "anonymous": 403, **answers}


POST_ONLY = api(405)
MANAGERS = api(403, erin=200, staff=200)
B = "/api/v1/boxes/{box}"
OFFERS = "/api/v1/impulses/{box_impulse}/offers"

PUBLIC = {
    "box-list": ("/api/v1/boxes/", api(200)),
    # The friend circle: only its member and the platform's moderators know it.
    "box-detail": ("/api/v1/boxes/{api_circle}/", api(404, erin=200, staff=200)),
    "box-members": (f"{B}/members/", api(403, erin=200, gina=200, staff=200)),
    "box-join": (f"{B}/join/", POST_ONLY),
    "box-leave": (f"{B}/leave/", POST_ONLY),
    "box-hand-over": (f"{B}/hand-over/", POST_ONLY),
    "box-requests": (f"{B}/requests/", MANAGERS),
    "box-decide": (f"{B}/requests/{{box_request}}/approve/", POST_ONLY),
    "box-invitations": (f"{B}/invitations/", MANAGERS),
    "box-invitation": (f"{B}/invitations/{{box_invitation}}/", POST_ONLY),
    "api-box-invitation-accept": ("/api/v1/box-invitations/accept/", POST_ONLY),
    # Everyone logged in gets a list: the owner every offer, others their own (or none).
    "api-impulse-offers": (f"{OFFERS}/", api(200)),
    "api-impulse-offer": (f"{OFFERS}/{{box_offer}}/", api(404, erin=200, carol=200)),
    "api-impulse-offer-accept": (f"{OFFERS}/{{box_offer}}/accept/", POST_ONLY),
    "api-impulse-offer-decline": (f"{OFFERS}/{{box_offer}}/decline/", POST_ONLY),
}

LOGGED_IN = "erin gina bob alice carol staff"
# Writes with an empty body: who gets an answer; everyone else is refused
# (tests/test_route_matrix_writes.py).
PUBLIC_WRITES = {
    "box-join": {"post": LOGGED_IN},  # a request, or a 409 for members
    "box-leave": {"post": LOGGED_IN},  # gina leaves; the owner and non-members get a 409
    "box-hand-over": {"post": "erin staff"},  # a 400: whom to?
    "box-decide": {"post": "erin staff"},
    "box-invitations": {"post": "erin staff"},  # a link
    "box-invitation": {"delete": "erin staff"},
    "api-box-invitation-accept": {"post": LOGGED_IN},  # a 400: which token?
    "api-impulse-offers": {"post": LOGGED_IN},  # an offer, or a 409 (own impulse, offered)
    "api-impulse-offer": {"delete": "carol"},  # her own open offer
    "api-impulse-offer-accept": {"post": "erin"},
    "api-impulse-offer-decline": {"post": "erin"},
}


def objects(cast: Any) -> dict[str, str]:
    from workspaces import services
    from workspaces.scopes import network_actor

    circle = services.create_circle(actor=network_actor(cast.erin), name="Skatrunde Gohlis")
    return {"api_circle": circle.slug}

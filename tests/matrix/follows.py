"""Route matrix entries for following impulses, districts and organisations."""

from __future__ import annotations

from tests.matrix.actors import ACTORS

POST_ONLY = {**dict.fromkeys(ACTORS, 405), "anonymous": 302}

PUBLIC = {
    "follow_impulse": ("/impulse/{comment_impulse}/folgen/", POST_ONLY),
    "follow_district": ("/staedte/leipzig/bezirke/lindenau/folgen/", POST_ONLY),
    "follow_organisation": ("/organisation/alpha/folgen/", POST_ONLY),
    "api-follow-list": ("/api/v1/follows/", {**dict.fromkeys(ACTORS, 200), "anonymous": 403}),
}

# Writes with an empty body: who gets an answer; everyone else is refused
# (tests/test_route_matrix_writes.py).
PUBLIC_WRITES = {
    "follow_impulse": {"post": "erin gina bob alice carol staff"},
    "follow_district": {"post": "erin gina bob alice carol staff"},
    "follow_organisation": {"post": "erin gina bob alice carol staff"},
    "api-follow-list": {
        "post": "erin gina bob alice carol staff",
        "delete": "erin gina bob alice carol staff",
    },
}

"""Route matrix entries for a person's own account pages on the public network."""

from __future__ import annotations

from tests.matrix.actors import ACTORS

PUBLIC = {
    "profile": ("/konto/profil/", {**dict.fromkeys(ACTORS, 200), "anonymous": 302}),
}

# Writes with an empty body: who gets an answer; everyone else is refused
# (tests/test_route_matrix_writes.py).
PUBLIC_WRITES = {
    "profile": {"post": "erin gina bob alice carol staff"},
}

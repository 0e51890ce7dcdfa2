"""Route matrix entries for a person's data rights (GDPR Art. 20 export, Art. 17 erasure).

Both routes act on the logged-in person only and take no id; a GET never erases anything.
"""

from __future__ import annotations

from tests.matrix.actors import ACTORS

PUBLIC = {
    "account_export": ("/konto/daten/", {**dict.fromkeys(ACTORS, 200), "anonymous": 302}),
    "account_erase": ("/konto/loeschen/", {**dict.fromkeys(ACTORS, 200), "anonymous": 302}),
}

# Writes with an empty body: who gets an answer; everyone else is refused
# (tests/test_route_matrix_writes.py).
PUBLIC_WRITES = {
    "account_erase": {"post": "erin gina bob alice carol staff"},
}

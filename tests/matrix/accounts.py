"""Route matrix entries for a person's own account pages on the public network."""

from __future__ import annotations

from tests.matrix.actors import ACTORS

PUBLIC = {
    "profile": ("/konto/profil/", {**dict.fromkeys(ACTORS, 200), "anonymous": 302}),
}

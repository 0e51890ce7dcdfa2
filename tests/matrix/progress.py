"""Route matrix entries for the progress log, in both scopes, and the impulse page's part.

Intranet (alpha's host): bob founded an open group and wrote an entry with a photo; gina
(guest) reads, bob (the group's admin and the author) and alice (the organisation's owner, a
moderator) write and delete; nobody chooses for an impulse page (a group has none); erin,
carol and staff are not alpha's people (404).

Network: the box of erin's impulse, gina helps in it, erin wrote an entry with a photo and
chose it for the impulse page. The log is for the box's members (erin, gina) and platform
staff; erin (owner) and staff choose; the impulse's progress page and the chosen entry's
photo are public.
"""

from __future__ import annotations

from typing import Any

from tests.matrix.actors import ACTORS


def web(default: int, **answers: int) -> dict[str, int]:
    return {**dict.fromkeys(ACTORS, default), "anonymous": 302, **answers}


ALL_OK = dict.fromkeys(ACTORS, 200)
ALL_405 = dict.fromkeys(ACTORS, 405)

G = "/gruppen/{pg_group}/fortschritt"
GE = G + "/{pg_entry}"
READ = web(404, gina=200, bob=200, alice=200)
POST_ONLY = web(404, gina=405, bob=405, alice=405)

TENANT = {
    "progress:log": (f"{G}/", READ),
    "progress:create": (f"{G}/neu/", POST_ONLY),
    "progress:choose": (f"{GE}/zeigen/", POST_ONLY),
    "progress:delete": (f"{GE}/loeschen/", POST_ONLY),
    "progress:photo": (f"{GE}/foto/", READ),
}

TENANT_WRITES = {
    "progress:create": {"post": "bob alice"},  # a form error for the empty text
    "progress:delete": {"post": "bob alice"},
}

B = "/boxen/{pg_box}/fortschritt"
BE = B + "/{pg_box_entry}"
MEMBERS_READ = web(404, erin=200, gina=200, staff=200)
BOX_POST_ONLY = web(405)

PUBLIC = {
    "progress:log": (f"{B}/", MEMBERS_READ),
    "progress:create": (f"{B}/neu/", BOX_POST_ONLY),
    "progress:choose": (f"{BE}/zeigen/", BOX_POST_ONLY),
    "progress:delete": (f"{BE}/loeschen/", BOX_POST_ONLY),
    "progress:photo": (f"{BE}/foto/", MEMBERS_READ),
    "impulse_progress": ("/impulse/{pg_impulse}/fortschritt/", ALL_OK),
    "impulse_progress_photo": ("/impulse/{pg_impulse}/fortschritt/{pg_box_entry}/foto/", ALL_OK),
}

PUBLIC_ROUTES = {
    "impulse_progress": "the progress a box's owners chose to show on its public impulse",
    "impulse_progress_photo": "the photo of an entry chosen for the public impulse page",
}

PUBLIC_WRITES = {
    "progress:create": {"post": "erin gina staff"},
    "progress:choose": {"post": "erin staff"},
    "progress:delete": {"post": "erin staff"},
}


def objects(cast: Any) -> dict[str, str]:
    from django_tenants.utils import tenant_context

    from tests.progress.factories import entry_in, png
    from tests.taskboard.factories import box_on_network
    from tests.workspaces.factories import actor
    from workspaces import services as workspace_services
    from workspaces.scopes import network_actor

    with tenant_context(cast.alpha):
        bob = actor(cast.bob)
        group = workspace_services.create_workspace(actor=bob, name="Fortschrittsrunde")
        entry = entry_in(group, bob, photo=png(), alt_text="Ein grünes Rechteck")
    the_box = box_on_network(cast)
    box_entry = entry_in(
        the_box,
        network_actor(cast.erin),
        photo=png(),
        alt_text="Frisch umgegrabene Beete",
        show_on_impulse=True,
    )
    return {
        "pg_group": group.slug,
        "pg_entry": str(entry.public_id),
        "pg_box": the_box.slug,
        "pg_box_entry": str(box_entry.public_id),
        "pg_impulse": str(the_box.impulse.public_id),
    }

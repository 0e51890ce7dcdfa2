"""Route matrix entries for the events calendar on an organisation's host (web and API).

On alpha's host gina (guest), bob (member) and alice (owner) belong; erin (citizen), carol
(beta's owner) and staff do not: the web answers them 404, the API 403. The objects: an open
group bob founded, his event in it, and his personal calendar subscription token. The feed
URL carries its own credential, so it answers every visitor who has it.
"""

from __future__ import annotations

from typing import Any

from tests.matrix.actors import ACTORS


def web(gina: int, bob: int, alice: int) -> dict[str, int]:
    return {
        **dict.fromkeys(ACTORS, 404),
        "anonymous": 302,
        "gina": gina,
        "bob": bob,
        "alice": alice,
    }


def api(gina: int, bob: int, alice: int) -> dict[str, int]:
    return {**dict.fromkeys(ACTORS, 403), "gina": gina, "bob": bob, "alice": alice}


READ = web(200, 200, 200)
POST_ONLY = web(405, 405, 405)
API_READ = api(200, 200, 200)
API_WRITE_ONLY = api(405, 405, 405)

E = "/termine/{ev_event}"
AE = "/api/v1/events/{ev_event}"

PUBLIC_ROUTES = {
    "events:subscription_feed": (
        "personal calendar feed: the secret token in the URL is the credential (calendar apps "
        "send no cookies); wrong or revoked tokens get 404"
    ),
}

TENANT = {
    "events:calendar": ("/termine/", READ),
    "events:event_create": ("/termine/neu/", web(403, 200, 200)),
    "events:subscription": ("/termine/abo/", READ),
    "events:subscription_feed": ("/termine/abo/{ev_token}.ics", dict.fromkeys(ACTORS, 200)),
    "events:group_calendar": ("/termine/gruppe/{ev_group}/", READ),
    "events:event": (f"{E}/", READ),
    "events:event_edit": (f"{E}/bearbeiten/", web(403, 200, 200)),
    "events:event_cancel": (f"{E}/absagen/", POST_ONLY),
    "events:event_answer": (f"{E}/antwort/", POST_ONLY),
    "events:event_ics": (f"{E}/termin.ics", READ),
    "event-list": ("/api/v1/events/", API_READ),
    "event-detail": (f"{AE}/", API_READ),
    "event-cancel": (f"{AE}/cancel/", API_WRITE_ONLY),
    "event-rsvp": (f"{AE}/rsvp/", API_WRITE_ONLY),
}


def objects(cast: Any) -> dict[str, str]:
    from django_tenants.utils import tenant_context

    from events import services
    from tests.events.factories import make_event
    from tests.workspaces.factories import actor
    from workspaces import services as workspace_services

    with tenant_context(cast.alpha):
        bob = actor(cast.bob)
        group = workspace_services.create_workspace(actor=bob, name="Terminrunde")
        event = make_event(bob, workspace=group, title="Sommerfest")
        token = services.renew_calendar_token(actor=bob)
    return {"ev_group": group.slug, "ev_event": str(event.public_id), "ev_token": token}


# Writes with an empty body: who gets an answer; everyone else is refused
# (tests/test_route_matrix_writes.py).
TENANT_WRITES = {
    "events:event_create": {"post": "bob alice"},
    "events:subscription": {"post": "gina bob alice"},
    "events:event_edit": {"post": "bob alice"},
    "events:event_cancel": {"post": "bob alice"},
    "events:event_answer": {"post": "bob alice"},
    "event-list": {"post": "bob alice"},
    "event-cancel": {"post": "bob alice"},
    "event-rsvp": {"post": "bob alice"},
}

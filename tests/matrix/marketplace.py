"""Route matrix entries for the citizen network's impulses, calendars and profiles."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.matrix.actors import ACTORS

ALL_OK = dict.fromkeys(ACTORS, 200)
LOGIN_THEN_OK = {**ALL_OK, "anonymous": 302}
POST_ONLY = {**dict.fromkeys(ACTORS, 405), "anonymous": 302}

PUBLIC_ROUTES = {
    "impulse_list": "the public marketplace",
    "impulse_detail": "a published impulse is public",
    "impulse_ics": "a public event's calendar file",
    "city_ics": "public events of a city",
    "district_ics": "public events of a district",
    "organisation_profile": "what an organisation published to the network",
    "api-impulse-list": "the public marketplace (API)",
    "api-impulse-detail": "a published impulse (API)",
    "api-city-list": "reference data",
    "api-district-list": "reference data",
    "api-topic-list": "reference data",
}
API_AUTH_ONLY = {**dict.fromkeys(ACTORS, 405), "anonymous": 403}

PUBLIC = {
    "impulse_list": ("/impulse/", ALL_OK),
    "impulse_create": ("/impulse/neu/", LOGIN_THEN_OK),
    # Only the person's own traces: every signed-in visitor reads their own page.
    "my_activity": ("/meine-aktivitaet/", LOGIN_THEN_OK),
    "impulse_detail": ("/impulse/{impulse}/", ALL_OK),
    "impulse_edit": (
        "/impulse/{impulse}/bearbeiten/",
        {**dict.fromkeys(ACTORS, 404), "anonymous": 302, "erin": 200},
    ),
    "impulse_status": ("/impulse/{impulse}/status/", POST_ONLY),
    "impulse_support": ("/impulse/{impulse}/unterstuetzen/", POST_ONLY),
    "impulse_goal": ("/impulse/{impulse}/ziel/", POST_ONLY),
    "impulse_join": ("/impulse/{impulse}/mitmachen/", LOGIN_THEN_OK),
    "impulse_ics": ("/impulse/{event}/termin.ics", ALL_OK),
    "organisation_profile": ("/organisation/alpha/", ALL_OK),
    "city_ics": ("/staedte/leipzig/termine.ics", ALL_OK),
    "district_ics": ("/staedte/leipzig/bezirke/lindenau/termine.ics", ALL_OK),
    "api-impulse-list": ("/api/v1/impulses/", ALL_OK),
    "api-impulse-detail": ("/api/v1/impulses/{impulse}/", ALL_OK),
    "api-impulse-status": ("/api/v1/impulses/{impulse}/status/", API_AUTH_ONLY),
    "api-impulse-support": ("/api/v1/impulses/{impulse}/support/", API_AUTH_ONLY),
    "api-impulse-goal": ("/api/v1/impulses/{impulse}/goal/", API_AUTH_ONLY),
    "api-impulse-participation": ("/api/v1/impulses/{impulse}/participation/", API_AUTH_ONLY),
    "api-city-list": ("/api/v1/cities/", ALL_OK),
    "api-district-list": ("/api/v1/cities/leipzig/districts/", ALL_OK),
    "api-topic-list": ("/api/v1/topics/", ALL_OK),
    "api-token": ("/api/v1/auth/token/", dict.fromkeys(ACTORS, 405)),
}


def objects(cast: Any) -> dict[str, str]:
    from django.utils import timezone

    from tests.public_marketplace.factories import make_impulse

    impulse = make_impulse(cast.erin)
    event = make_impulse(
        cast.alice,
        organisation=cast.alpha,
        title="Stadtteilfest Lindenau",
        starts_at=timezone.now() + timedelta(days=5),
    )
    draft = make_impulse(cast.erin, title="Noch geheim", publish=False)
    return {
        "impulse": str(impulse.public_id),
        "event": str(event.public_id),
        "draft": str(draft.public_id),
    }


# Writes with an empty body: who gets an answer; everyone else is refused
# (tests/test_route_matrix_writes.py).
PUBLIC_WRITES = {
    "impulse_create": {"post": "erin gina bob alice carol staff"},
    "impulse_edit": {"post": "erin"},
    "impulse_status": {"post": "erin staff"},
    "impulse_support": {"post": "erin gina bob alice carol staff"},
    # The impulse's author and platform staff; everyone else gets 404 before the form is read.
    "impulse_goal": {"post": "erin staff"},
    "impulse_join": {"post": "erin gina bob alice carol staff"},
    "api-impulse-list": {"post": "erin gina bob alice carol staff"},
    "api-impulse-detail": {"put": "erin gina bob alice carol staff"},
    "api-impulse-status": {"post": "erin staff"},
    "api-impulse-goal": {"put": "erin staff", "delete": "erin staff"},
    "api-impulse-support": {
        "post": "erin gina bob alice carol staff",
        "delete": "erin gina bob alice carol staff",
    },
    "api-impulse-participation": {
        "post": "erin gina bob alice carol staff",
        "delete": "erin gina bob alice carol staff",
    },
    "api-token": {"post": "anonymous erin gina bob alice carol staff"},
}

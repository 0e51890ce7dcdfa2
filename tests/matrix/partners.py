"""Route matrix entries for offline partners (network only).

carol manages the partner (its partner account); erin owns a box (gina helps in it) that asked
the partner for help. The directory, a partner's page, its contact form and the signed answer
link are open to everyone; the partner's own pages to carol and staff (others 403); the box's
partner tab to its members and staff (others 404); asking is for the box's owner alone.
"""

from __future__ import annotations

from typing import Any

from tests.matrix.actors import ACTORS

EVERYONE = dict.fromkeys(ACTORS, 200)
EVERYONE_405 = dict.fromkeys(ACTORS, 405)
MANAGERS = {**dict.fromkeys(ACTORS, 403), "anonymous": 302, "carol": 200, "staff": 200}
BOX_MEMBERS = {**dict.fromkeys(ACTORS, 404), "anonymous": 302, "erin": 200, "gina": 200}
BOX_MEMBERS["staff"] = 200
BOX_OWNER = {**BOX_MEMBERS, "gina": 403, "staff": 403}
P = "/partner/{pt_partner}"
ALL = "anonymous erin gina bob alice carol staff"

PUBLIC_ROUTES = {
    "partners:directory": "the directory of offline partners is public",
    "partners:detail": "a partner's public entry",
    "partners:contact": "anyone may write to a partner (rate-limited, honeypot)",
    "partners:answer": "the signed answer link works without an account",
    "partner-list": "the directory (API)",
    "partner-detail": "a partner's entry (API)",
}

PUBLIC = {
    "partners:directory": ("/partner/?ortsteil=lindenau&art=tools&q=Werkzeug", EVERYONE),
    "partners:detail": (f"{P}/", EVERYONE),
    "partners:contact": (f"{P}/kontakt/", EVERYONE),
    "partners:edit": (f"{P}/bearbeiten/", MANAGERS),
    "partners:requests": (f"{P}/anfragen/", MANAGERS),
    "partners:request": (f"{P}/anfragen/{{pt_request}}/", MANAGERS),
    "partners:answer": ("/partner/antwort/{pt_token}/", EVERYONE),
    "partner_requests:box": ("/boxen/{pt_box}/partner/", BOX_MEMBERS),
    "partner_requests:ask": ("/boxen/{pt_box}/partner/anfragen/", BOX_OWNER),
    "partner-list": ("/api/v1/partners/?district=lindenau&kind=tools", EVERYONE),
    "partner-detail": ("/api/v1/partners/{pt_partner}/", EVERYONE),
    "partner-request-list": (
        "/api/v1/partner-requests/",
        {**dict.fromkeys(ACTORS, 200), "anonymous": 403},
    ),
    "partner-request-detail": (
        "/api/v1/partner-requests/{pt_request}/",
        {**dict.fromkeys(ACTORS, 404), "anonymous": 403, "erin": 200, "gina": 200, "staff": 200},
    ),
}

# Writes with an empty body: who gets an answer (here: the form's errors, nothing stored).
PUBLIC_WRITES = {
    "partners:contact": {"post": ALL},
    "partners:edit": {"post": "carol staff"},
    "partners:request": {"post": "carol staff"},
    "partners:answer": {"post": ALL},
    "partner_requests:ask": {"post": "erin"},
}


def objects(cast: Any) -> dict[str, str]:
    from partners import services
    from partners.models import Kind, Partner
    from public_marketplace.models import District
    from tests.taskboard.factories import box_on_network
    from workspaces import selectors as workspace_selectors
    from workspaces.scopes import network_actor

    partner = Partner.objects.create(
        name="Werkstatt im Hinterhof",
        slug="werkstatt-hinterhof",
        description="Werkzeug und Rat",
        kinds=[Kind.TOOLS, Kind.ADVICE],
        address="Hofweg 1, Leipzig",
        email="werkstatt@example.org",
    )
    partner.districts.set(District.objects.filter(slug="lindenau")[:1])
    partner.managers.add(cast.carol)
    the_box = box_on_network(cast)
    erin = network_actor(cast.erin)
    box = workspace_selectors.workspace_for(erin, the_box.slug)
    assert box is not None
    asked = services.ask_partner(
        actor=erin, workspace=box, partner=partner, what="Zwei Schubkarren", when="Samstag"
    )
    return {
        "pt_partner": partner.slug,
        "pt_request": str(asked.public_id),
        "pt_token": services.answer_token(asked),
        "pt_box": the_box.slug,
    }

"""Motions for the tests: a box's motion to the Stadtbezirksbeirat Alt-West, signers from its
Ortsteile."""

from __future__ import annotations

from typing import Any

from motions.models import Motion
from motions.services import drafting, signing
from public_marketplace.models import CouncilBody, District
from workspaces.models import Workspace
from workspaces.scopes import network_actor

PROPOSAL = (
    "Die Stadt legt am Lindenauer Markt einen Gemeinschaftsgarten an.\n\n"
    "Der Stadtbezirksbeirat empfiehlt dafür 20.000 Euro aus dem Stadtbezirksbudget."
)
REASONING = (
    "Im Viertel fehlen grüne Treffpunkte.\n\n"
    "Nachbarinnen und Nachbarn haben schon 40 Beete geplant."
)


def alt_west() -> CouncilBody:
    return CouncilBody.objects.get(slug="stadtbezirksbeirat-alt-west")


def ortsteil(number: str) -> District:
    return District.objects.get(city__slug="leipzig", number=number)


def motion_in(box: Workspace, by: Any, **kwargs: Any) -> Motion:
    kwargs.setdefault("body", alt_west())
    kwargs.setdefault("title", "Gemeinschaftsgarten am Lindenauer Markt")
    kwargs.setdefault("proposal", PROPOSAL)
    kwargs.setdefault("reasoning", REASONING)
    return drafting.start_motion(actor=network_actor(by), workspace=box, **kwargs)


def signed_by(motion: Motion, *people: Any, number: str = "70") -> None:
    for person in people:
        signing.sign(
            actor=network_actor(person),
            motion=motion,
            district=ortsteil(number),
            declared_residence=True,
        )

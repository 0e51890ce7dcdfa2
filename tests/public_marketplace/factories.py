"""Small helpers to make impulses through the real services."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from public_marketplace.models import City, District, Impulse
from public_marketplace.services.impulses import ImpulseInput, post_impulse


def leipzig() -> City:
    return City.objects.get(slug="leipzig")


def district(slug: str) -> District:
    return District.objects.get(city__slug="leipzig", slug=slug)


def impulse_input(**overrides: Any) -> ImpulseInput:
    values: dict[str, Any] = {
        "kind": "idea",
        "title": "Mehr Bäume für den Lindenauer Markt",
        "body": "Wir pflanzen **zehn** Linden.",
        "city": leipzig(),
        "district_ids": [district("lindenau").pk],
        "topic_ids": [],
    }
    values.update(overrides)
    return ImpulseInput(**values)


def make_impulse(author: Any, *, starts_at: datetime | None = None, **overrides: Any) -> Impulse:
    if starts_at is not None:
        overrides.setdefault("kind", "event")
        overrides["starts_at"] = starts_at
    organisation = overrides.pop("organisation", None)
    publish = overrides.pop("publish", True)
    return post_impulse(
        author=author, data=impulse_input(**overrides), organisation=organisation, publish=publish
    )

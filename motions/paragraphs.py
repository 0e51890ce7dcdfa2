"""Paragraphs of a motion's text, each with a thread (the place ``motion.paragraph``).

A paragraph is known by its normalised text: a paragraph that stays the same from one version
to the next keeps its thread; an edited one starts a new thread (the old one stays readable
under "frühere Absätze")."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from motions.models import Motion, MotionVersion, Paragraph

TEXT_FIELDS = ("proposal", "reasoning")
_BLANK_LINES = re.compile(r"\n\s*\n")


@dataclass
class Shown:
    field: str
    text: str
    paragraph: Paragraph


def split(text: str) -> list[str]:
    return [p.strip() for p in _BLANK_LINES.split(text or "") if p.strip()]


def key_of(text: str) -> str:
    normalised = " ".join(text.split()).casefold()
    return hashlib.sha256(normalised.encode()).hexdigest()


def record(motion: Motion, version: MotionVersion) -> None:
    """Make sure every paragraph of the version has its row (new ones start their thread)."""
    rows = [
        Paragraph(
            motion=motion,
            field=field,
            key=key_of(text),
            excerpt=text[:157] + ("…" if len(text) > 157 else ""),
            first_version=version.number,
        )
        for field in TEXT_FIELDS
        for text in split(getattr(version, field))
    ]
    Paragraph.objects.bulk_create(rows, ignore_conflicts=True)


def of_version(motion: Motion, version: MotionVersion) -> list[Shown]:
    """The version's paragraphs in order, each with its row (one query)."""
    parts = [(field, text) for field in TEXT_FIELDS for text in split(getattr(version, field))]
    rows = {
        (p.field, p.key): p
        for p in Paragraph.objects.filter(
            motion=motion, key__in=[key_of(text) for _, text in parts]
        )
    }
    shown = []
    for field, text in parts:
        paragraph = rows.get((field, key_of(text)))
        if paragraph is not None:
            shown.append(Shown(field=field, text=text, paragraph=paragraph))
    return shown

"""A readable diff between two versions of a motion: per field, word by word, as segments the
template marks up (<ins>/<del>), never raw HTML from the text."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from motions.models import MotionVersion

FIELDS = (
    ("title", _("Titel")),
    ("proposal", _("Beschlussvorschlag")),
    ("reasoning", _("Begründung")),
)
_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Segment:
    op: str  # "same", "added", "removed"
    text: str


@dataclass(frozen=True)
class FieldDiff:
    name: str
    label: str
    changed: bool
    segments: list[Segment]


def _tokens(text: str) -> list[str]:
    return _TOKENS.findall(text or "")


def diff_text(old: str, new: str) -> list[Segment]:
    a, b = _tokens(old), _tokens(new)
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("removed", "".join(a[i1:i2])))
        if j2 > j1:
            segments.append(Segment("added", "".join(b[j1:j2])))
    return segments


def diff_versions(old: MotionVersion, new: MotionVersion) -> list[FieldDiff]:
    result = []
    for name, label in FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        result.append(
            FieldDiff(
                name=name,
                label=str(label),
                changed=before != after,
                segments=diff_text(before, after) if before != after else [],
            )
        )
    return result

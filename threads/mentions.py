"""Finding ``@Name`` mentions in what people write (posts and comments alike)."""

from __future__ import annotations

import re

MAX_MENTIONS = 20

_MENTION = re.compile(r"(?<![\w@])@(\w[^\n@]{0,80})")
_TRAILING = ".,;:!?)]}»«“”\"'"
_SENTENCE_END = ".,;:!?"


def mention_candidates(text: str) -> list[list[str]]:
    """For each ``@`` in the text, the names it may start (one to four words), longest first."""
    found = []
    for match in _MENTION.finditer(text):
        words = match.group(1).split()[:4]
        options = []
        for n in range(len(words), 0, -1):
            phrase = " ".join(words[:n]).lower()
            # "@Ben (Partei, Admin)!" names "Ben (Partei, Admin)": strip sentence punctuation
            # first, then closing brackets and quotes as well.
            for name in (phrase.rstrip(_SENTENCE_END), phrase.rstrip(_TRAILING)):
                if name and name not in options:
                    options.append(name)
        found.append(options)
    return found[:MAX_MENTIONS]


def mentioned_user_ids(text: str, people: object, *, exclude: int | None = None) -> set[int]:
    """People among ``people`` (a user queryset) named after an ``@`` (display name, any case);
    the longest name that matches wins ("@Anna Müller" over "@Anna")."""
    from django.db.models.functions import Lower

    candidates = mention_candidates(text)
    names = {name for options in candidates for name in options}
    if not names:
        return set()
    by_name: dict[str, set[int]] = {}
    for pk, name in (
        people.annotate(lname=Lower("display_name"))  # type: ignore[attr-defined]
        .filter(lname__in=names)
        .values_list("pk", "lname")[:200]
    ):
        by_name.setdefault(name, set()).add(pk)
    chosen: set[int] = set()
    for options in candidates:
        for name in options:
            if name in by_name:
                chosen |= by_name[name]
                break
    chosen.discard(exclude)
    return set(sorted(chosen)[:MAX_MENTIONS])

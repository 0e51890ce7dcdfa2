"""Counting votes: plain functions over the stored ballots, used for live results and for the
outcome recorded at closing. No database access here.

- Simple vote: yes against no; abstentions count for the quorum only. Equal → a tie (not passed).
- Consent: a single objection blocks; otherwise passed.
- Score: each voter gives every option 0–10; the option with the highest average wins.
- Ranked choice: **Borda count** — with n options a ballot gives n-1 points to its first
  choice, n-2 to the second … 0 to the last; most points wins. (Chosen over instant-runoff:
  it uses every preference, and its ties are plain to see and to explain.)
Equal best averages or points → a tie, all tied options named.
Quorum: votes cast ≥ quorum % of eligible voters; missed → "no quorum" (the tallies are still
recorded, so everyone sees what the vote would have said).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from decisions.models import CHOICES_OF, Choice, Process, Result


@dataclass
class Tally:
    process: str
    votes_cast: int
    rows: list[dict[str, Any]]  # {"key", "label", "count"} or {"key", "label", "average"/"points"}
    winners: list[str] = field(default_factory=list)
    objections: list[str] = field(default_factory=list)
    result: str = ""

    @property
    def leading(self) -> str:
        return ", ".join(self.winners)


@dataclass(frozen=True)
class Ballot:
    choice: str
    reason: str
    ballot: Any


def quorum_met(*, votes_cast: int, eligible: int, quorum_percent: int) -> bool:
    return votes_cast * 100 >= quorum_percent * eligible


def _best(rows: list[dict[str, Any]], key: str) -> list[str]:
    if not rows:
        return []
    top = max(row[key] for row in rows)
    return [row["label"] for row in rows if row[key] == top]


def count(process: str, options: Sequence[tuple[int, str]], ballots: Iterable[Ballot]) -> Tally:
    """Tally ``ballots``; ``options`` are (id, label) pairs in their order (score, ranked)."""
    ballots = list(ballots)
    cast = len(ballots)
    if process in (Process.SIMPLE, Process.CONSENT):
        choices = CHOICES_OF[Process(process)]
        counts = dict.fromkeys([c.value for c in choices], 0)
        for b in ballots:
            if b.choice in counts:
                counts[b.choice] += 1
        rows = [{"key": c.value, "label": str(c.label), "count": counts[c.value]} for c in choices]
        tally = Tally(process=process, votes_cast=cast, rows=rows)
        if process == Process.SIMPLE:
            yes, no = counts[Choice.YES], counts[Choice.NO]
            tally.result = (
                Result.PASSED if yes > no else Result.REJECTED if no > yes else Result.TIED
            )
        else:
            tally.objections = sorted(b.reason for b in ballots if b.choice == Choice.OBJECT)
            tally.result = Result.BLOCKED if counts[Choice.OBJECT] else Result.PASSED
        return tally
    if process == Process.SCORE:
        sums = {oid: 0 for oid, _ in options}
        for b in ballots:
            for oid in sums:
                sums[oid] += int((b.ballot or {}).get(str(oid), 0))
        rows = [
            {
                "key": str(oid),
                "label": label,
                "average": round(sums[oid] / cast, 2) if cast else 0.0,
                "total": sums[oid],
            }
            for oid, label in options
        ]
        winners = _best(rows, "total") if cast else []
    else:
        n = len(options)
        points = {oid: 0 for oid, _ in options}
        for b in ballots:
            for rank, oid in enumerate(b.ballot or []):
                if oid in points:
                    points[oid] += n - 1 - rank
        rows = [{"key": str(oid), "label": label, "points": points[oid]} for oid, label in options]
        winners = _best(rows, "points") if cast else []
    result = Result.DECIDED if len(winners) == 1 else Result.TIED
    return Tally(process=process, votes_cast=cast, rows=rows, winners=winners, result=result)


def final_result(tally: Tally, *, eligible: int, quorum_percent: int) -> tuple[str, bool]:
    """The recorded result and whether the quorum was met."""
    met = quorum_met(votes_cast=tally.votes_cast, eligible=eligible, quorum_percent=quorum_percent)
    if tally.votes_cast == 0:
        return Result.NO_VOTES, met
    if not met:
        return Result.NO_QUORUM, met
    return tally.result, met

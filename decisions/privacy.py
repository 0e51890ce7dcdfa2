"""Decisions in a person's data rights (see accounts/privacy.py).

Discussions, comments and proposals stay for the group without an author. An open ballot's vote
loses its voter and stays counted (a result must not change after the fact); secret ballots
never stored the voter. ``voter_key`` is an HMAC under the server's secret that only prevents a
second vote; without the account it points at nobody.
"""

from __future__ import annotations

from accounts.models import User
from accounts.privacy import Rows, by_user, null_out, rows
from decisions.models import Discussion, Outcome, Proposal, Vote

MODELS = [
    "decisions.Discussion",
    "decisions.Proposal",
    "decisions.Vote",
    "decisions.Outcome",
]


def export(user: User) -> dict[str, Rows]:
    return {
        "discussions": rows(by_user(Discussion, user, "author")),
        "proposals": rows(by_user(Proposal, user, "author")),
        "open_votes": rows(by_user(Vote, user, "voter")),
        "outcomes_recorded": rows(by_user(Outcome, user, "closed_by")),
    }


def erase(user: User) -> int:
    count = null_out(Vote, user, "voter")
    count += null_out(Proposal, user, "author")
    count += null_out(Discussion, user, "author")
    return count + null_out(Outcome, user, "closed_by")

"""The thread block's part of a person's data rights (see accounts/privacy.py, docs/privacy.md).

Comments stay for the others in the thread, without an author (replies would lose their
context otherwise); reactions and mentions go; reports stay for the moderators without the
reporter's name.
"""

from __future__ import annotations

from accounts.models import User
from accounts.privacy import Rows, by_user, deleted, null_out, rows
from threads.models import Comment, Mention, Reaction, Report

MODELS = ["threads.Comment", "threads.Reaction", "threads.Mention", "threads.Report"]


def export(user: User) -> dict[str, Rows]:
    return {
        "comments": rows(by_user(Comment, user, "author")),
        "reactions": rows(by_user(Reaction, user, "user")),
        "mentions": rows(by_user(Mention, user, "user")),
        "reports": rows(by_user(Report, user, "reporter", "handled_by")),
    }


def erase(user: User) -> int:
    count = deleted(by_user(Reaction, user, "user"))
    count += deleted(by_user(Mention, user, "user"))
    count += null_out(Report, user, "reporter", "handled_by")
    return count + null_out(Comment, user, "author")

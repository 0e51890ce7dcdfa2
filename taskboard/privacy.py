"""Tasks in a person's data rights (see accounts/privacy.py).

The tasks stay for the group: the person's name goes from those they created, and those
assigned to them are assigned to nobody (someone else can take them on).
"""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from accounts.privacy import Rows, by_user, null_out, rows
from taskboard.models import Task

MODELS = ["taskboard.Task", "taskboard.ChecklistItem"]


def export(user: User) -> dict[str, Rows]:
    return {"tasks": rows(by_user(Task, user, "created_by", "assignee"))}


@transaction.atomic
def erase(user: User) -> int:
    return null_out(Task, user, "created_by", "assignee")

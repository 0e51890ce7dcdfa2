"""Progress entries in a person's data rights (see accounts/privacy.py).

The entries a person wrote are theirs: they are exported, and erased with their photos (a
progress log without its author's words and pictures has no "former member" version worth
keeping, unlike a task)."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from accounts.privacy import Rows, by_user, rows
from progress.models import ProgressEntry

MODELS = ["progress.ProgressEntry"]


def export(user: User) -> dict[str, Rows]:
    return {"progress_entries": rows(by_user(ProgressEntry, user, "author"))}


@transaction.atomic
def erase(user: User) -> int:
    entries = list(ProgressEntry.objects.filter(author_id=user.pk))
    for entry in entries:
        if entry.photo:
            entry.photo.delete(save=False)
    ProgressEntry.objects.filter(pk__in=[e.pk for e in entries]).delete()
    return len(entries)

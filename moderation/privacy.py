"""Moderation in a person's data rights (see accounts/privacy.py).

Reports the person filed stay for the record without the reporter; reports about the person go
with them. The staff log (``ModerationAction``) keeps every act but not the staff member's
account: the decision stays on record, the person does not.
"""

from __future__ import annotations

from accounts.models import User
from accounts.privacy import Rows, by_user, deleted, rows
from moderation.models import ModerationAction, Report

MODELS = ["moderation.Report", "moderation.ModerationAction"]


def export(user: User) -> dict[str, Rows]:
    # Reports about the person are left out: they would name who reported them.
    return {
        "reports_filed": rows(by_user(Report, user, "reporter"), leave_out=["reported_user"]),
        "reports_handled": rows(
            by_user(Report, user, "handled_by"), leave_out=["reporter", "reported_user"]
        ),
        "moderation_actions": rows(by_user(ModerationAction, user, "actor")),
    }


def erase(user: User) -> int:
    count = deleted(by_user(Report, user, "reported_user"))
    count += Report.objects.filter(reporter_id=user.pk).update(reporter=None)
    count += Report.objects.filter(handled_by_id=user.pk).update(handled_by=None)
    # The append-only queryset refuses update(); unlinking the actor is what the deletion
    # collector's SET_NULL would do, and the model documents it as intended.
    count += ModerationAction._base_manager.filter(actor_id=user.pk).update(actor=None)
    return count

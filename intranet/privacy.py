"""The intranet in a person's data rights (see accounts/privacy.py).

The membership row holds the most sensitive fact (that and how someone belongs to, say, a party:
GDPR Art. 9) and the contact details; it goes entirely, and the seat count follows.
"""

from __future__ import annotations

from accounts.models import User
from accounts.privacy import Rows, by_user, deleted, rows
from intranet.models import Membership
from tenants.db import connection
from tenants.models import Organisation

MODELS = ["intranet.Membership"]


def export(user: User) -> dict[str, Rows]:
    return {"membership": rows(by_user(Membership, user, "user"))}


def erase(user: User) -> int:
    count = deleted(by_user(Membership, user, "user"))
    if count:
        from billing.services.seats import schedule_seat_sync

        schedule_seat_sync(Organisation.objects.get(schema_name=connection.schema_name))
    return count

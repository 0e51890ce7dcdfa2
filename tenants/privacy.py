"""Organisations and invitations in a person's data rights (see accounts/privacy.py).

Ownership is handed to another owner (or erasure is refused) by the orchestrator before this
runs; invitations to the person's address go, invitations they sent stay without their name.
"""

from __future__ import annotations

from accounts.models import User
from accounts.privacy import Rows, addresses, by_user, deleted, null_out, rows
from tenants.models import Invitation, Organisation

MODELS = ["tenants.Organisation", "tenants.Invitation"]


def export(user: User) -> dict[str, Rows]:
    return {
        "organisations_owned": [
            {"name": o.name, "slug": o.slug, "status": o.status}
            for o in Organisation.objects.filter(owner_id=user.pk).order_by("pk")
        ],
        "invitations_received": rows(
            Invitation.objects.filter(addresses(user)), leave_out=["token_hash"]
        ),
        "invitations_sent": rows(
            by_user(Invitation, user, "invited_by"), leave_out=["token_hash", "email"]
        ),
    }


def erase(user: User) -> int:
    count = deleted(Invitation.objects.filter(addresses(user)))
    return count + null_out(Invitation, user, "invited_by", "accepted_by")

"""Partners in a person's data rights (see accounts/privacy.py; public schema only).

The entries are organisations' data and stay; a person who managed one is taken off its
managers, and an entry whose contact address is the person's loses it and leaves the directory
(staff give it a new one). A box's requests stay for the box: who asked and who answered goes.
Contact messages are never stored (they are mailed straight to the partner).
"""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from accounts.privacy import Rows, addresses, by_user, null_out, rows
from partners.models import Partner, PartnerRequest

MODELS = ["partners.Partner", "partners.PartnerRequest"]


def export(user: User) -> dict[str, Rows]:
    managed = Partner.objects.filter(managers=user)
    return {
        "managed_partners": rows(managed, leave_out=("email",)),
        "partner_requests": rows(by_user(PartnerRequest, user, "created_by", "answered_by")),
        "partner_contact_addresses": rows(
            Partner.objects.filter(addresses(user)), leave_out=("description", "opening_notes")
        ),
    }


@transaction.atomic
def erase(user: User) -> int:
    removed = Partner.managers.through.objects.filter(user_id=user.pk).delete()[0]
    removed += Partner.objects.filter(addresses(user)).update(email="", is_active=False)
    return removed + null_out(PartnerRequest, user, "created_by", "answered_by")

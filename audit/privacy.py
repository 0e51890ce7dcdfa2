"""The audit log in a person's data rights (see accounts/privacy.py, docs/privacy.md).

Entries stay (the organisation's record of what happened); the person's link goes: actor and
target person become NULL, so the entry shows "gelöschtes Konto". Entries store no names or
addresses of their own, so nothing else has to change. Support grants lose who granted or
ended them.
"""

from __future__ import annotations

from django.db.models import Q

from accounts.models import User
from accounts.privacy import Rows, null_out, rows
from audit.models import AuditEntry, SupportGrant

MODELS = ["audit.AuditEntry", "audit.SupportGrant"]


def export(user: User) -> dict[str, Rows]:
    return {
        "audit_entries": rows(AuditEntry.objects.filter(Q(actor=user) | Q(target_user=user))),
        "support_grants": rows(
            SupportGrant.objects.filter(Q(granted_by=user) | Q(revoked_by=user))
        ),
    }


def erase(user: User) -> int:
    count = AuditEntry.objects.forget_person(user.pk)
    count += null_out(SupportGrant, user, "granted_by", "revoked_by")
    return count

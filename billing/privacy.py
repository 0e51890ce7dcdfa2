"""Billing in a person's data rights (see accounts/privacy.py).

Billing accounts belong to organisations: the log keeps what changed without who changed it or
the person's address, and an invoice address that is the person's own e-mail address is emptied
(the organisation sets a new one; issued invoices stay with Stripe under tax-law retention).
"""

from __future__ import annotations

from accounts.models import User
from accounts.privacy import Rows, address_list, addresses, by_user, null_out, rows
from billing.models import BillingAccount, BillingLog

MODELS = ["billing.BillingAccount", "billing.BillingLog"]

ERASED = "[gelöscht]"


def export(user: User) -> dict[str, Rows]:
    return {
        "billing_accounts_with_my_address": rows(
            BillingAccount.objects.filter(addresses(user, "billing_email")),
            leave_out=[
                f.name
                for f in BillingAccount._meta.concrete_fields
                if f.name not in {"id", "organisation", "billing_email"}
            ],
        ),
        "billing_log": rows(by_user(BillingLog, user, "acting_user"), leave_out=["changes"]),
    }


def erase(user: User) -> int:
    count = BillingAccount.objects.filter(addresses(user, "billing_email")).update(billing_email="")
    for email in address_list(user):
        # The log is append-only for save(); this one rewrite removes an address, nothing else.
        for log in BillingLog.objects.filter(changes__icontains=email):
            changes = _without(log.changes, email)
            count += BillingLog.objects.filter(pk=log.pk).update(changes=changes)
    return count + null_out(BillingLog, user, "acting_user")


def _without(value: object, email: str) -> object:
    if isinstance(value, str):
        return ERASED if value.lower() == email else value
    if isinstance(value, list):
        return [_without(item, email) for item in value]
    if isinstance(value, dict):
        return {key: _without(item, email) for key, item in value.items()}
    return value

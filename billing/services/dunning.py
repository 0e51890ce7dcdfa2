"""Dunning: the grace period after a failed payment and the e-mail to the admins.

Past due or unpaid, an organisation keeps its plan for ``GRACE_PERIOD`` from the first failure
(``billing/middleware.py`` makes the intranet read-only after it); the payment-failed webhook
enqueues ``send_payment_failed_email``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from billing.models import StripeEvent, SubscriptionStatus
from billing.services.common import account_for_event, admin_emails

GRACE_PERIOD = timedelta(days=14)


def grace_until(
    current: datetime | None, status: str, *, failure_at: datetime | None, now: datetime
) -> datetime | None:
    """The grace deadline for a subscription in ``status``: set once, from the first failure
    (or now), kept while the payment is overdue, gone once it is not."""
    if status not in (SubscriptionStatus.PAST_DUE, SubscriptionStatus.UNPAID):
        return None
    if current is not None:
        return current
    return (failure_at or now) + GRACE_PERIOD


def send_payment_failed_email(*, stripe_event_pk: int) -> int:
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.utils import translation

    event = StripeEvent.objects.get(pk=stripe_event_pk)
    account = account_for_event(event.payload)
    if account is None:
        return 0
    organisation = account.organisation
    recipients = admin_emails(organisation)
    if not recipients:
        return 0
    with translation.override("de"):
        context = {
            "organisation": organisation,
            "grace_until": account.grace_until,
            "url": organisation.url("/"),
        }
        subject = render_to_string("billing/email/payment_failed_subject.txt", context).strip()
        body = render_to_string("billing/email/payment_failed.txt", context)
    send_mail(subject, body, None, recipients)
    return len(recipients)

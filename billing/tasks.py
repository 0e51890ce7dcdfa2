"""Thin Celery wrappers around billing.services (ids in, never model objects).

All billing rows live in the public schema; the scheduled tasks run there.
"""

from __future__ import annotations

from celery import shared_task

from billing.services import dunning, seats, subscriptions, webhooks


@shared_task(acks_late=True)
def process_stripe_event_task(stripe_id: str) -> bool:
    return webhooks.process_event(stripe_id=stripe_id)


@shared_task
def retry_unprocessed_stripe_events() -> int:
    return webhooks.retry_unprocessed_events()


@shared_task
def reconcile_billing_accounts() -> int:
    return subscriptions.reconcile_accounts()


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_payment_failed_email_task(stripe_event_pk: int) -> int:
    return dunning.send_payment_failed_email(stripe_event_pk=stripe_event_pk)


@shared_task(acks_late=True)
def sync_seats_task(organisation_id: int) -> None:
    seats.sync_seats(organisation_id=organisation_id)

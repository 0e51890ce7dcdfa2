"""Thin Celery wrappers: ids in, never model objects. They run in the schema they were
enqueued in (an organisation's, or public for the network)."""

from __future__ import annotations

from celery import shared_task
from django_tenants.utils import get_public_schema_name

from tenants.db import connection


@shared_task
def send_event_reminders() -> int:
    """From beat, in the public schema: remind there, then once inside every ready
    organisation (each run there reminds only whom it has not reminded yet)."""
    from events.services import send_due_reminders

    sent = send_due_reminders()
    if connection.schema_name == get_public_schema_name():
        from tenants.services import enqueue_in_every_organisation

        enqueue_in_every_organisation("events.tasks.send_event_reminders")
    return sent

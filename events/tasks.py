"""Thin Celery wrappers: ids in, never model objects. They run in the schema they were
enqueued in (an organisation's, or public for the network)."""

from __future__ import annotations

from celery import shared_task


@shared_task
def send_event_reminders() -> int:
    """From beat, in public and once inside every ready organisation (through
    ``fan_out_to_organisations``; each run reminds only whom it has not reminded yet)."""
    from events.services import send_due_reminders

    sent = send_due_reminders()
    return sent

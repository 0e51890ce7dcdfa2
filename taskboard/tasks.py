"""Thin Celery wrappers: ids in, never model objects. They run in the schema they were
enqueued in (an organisation's, or public for the network). Named ``taskboard`` so this module
is not confused with the building block's own tasks."""

from __future__ import annotations

from celery import shared_task


@shared_task
def send_overdue_task_reminders() -> int:
    """From beat, in public and once inside every ready organisation (through
    ``fan_out_to_organisations``; each task is reminded once per due date)."""
    from taskboard.services import send_overdue_reminders

    return send_overdue_reminders()

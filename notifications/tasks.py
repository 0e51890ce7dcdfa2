"""Thin Celery wrappers: ids in, never model objects."""

from __future__ import annotations

from celery import shared_task


@shared_task
def send_due_digests() -> int:
    """Hourly from beat, in public and once inside every organisation
    (``fan_out_to_organisations``)."""
    from notifications import digests

    sent = digests.send_due_digests()
    return sent

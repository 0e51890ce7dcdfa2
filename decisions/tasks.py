"""Thin Celery wrappers: ids in, never model objects."""

from __future__ import annotations

from celery import shared_task


@shared_task
def close_due_proposals() -> int:
    """From beat, in public (the network's proposals) and once inside every ready organisation
    (``fan_out_to_organisations``). Closing twice is a no-op, so overlapping runs are harmless."""
    from decisions import services

    closed = services.close_due_proposals()
    return closed

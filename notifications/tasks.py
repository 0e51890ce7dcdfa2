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


@shared_task
def notify_about_comment(comment_id: int) -> int:
    """After a comment on the network is committed: tell the impulse's author and followers."""
    from public_marketplace.services.comments import notify_about_new_comment

    return notify_about_new_comment(comment_id=comment_id)

"""Thin Celery wrappers: ids in, never model objects."""

from __future__ import annotations

from celery import shared_task
from django_tenants.utils import get_public_schema_name

from tenants.db import connection


@shared_task
def send_due_digests() -> int:
    """Hourly from beat, in the public schema; from there once inside every organisation."""
    from notifications import digests

    sent = digests.send_due_digests()
    if connection.schema_name == get_public_schema_name():
        from tenants.services import enqueue_in_every_organisation

        enqueue_in_every_organisation("notifications.tasks.send_due_digests")
    return sent


@shared_task
def notify_about_comment(comment_id: int) -> int:
    """After a comment on the network is committed: tell the impulse's author and followers."""
    from public_marketplace.services.comments import notify_about_new_comment

    return notify_about_new_comment(comment_id=comment_id)

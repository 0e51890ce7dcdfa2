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

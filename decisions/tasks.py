"""Thin Celery wrappers: ids in, never model objects."""

from __future__ import annotations

from celery import shared_task
from django_tenants.utils import get_public_schema_name

from tenants.db import connection


@shared_task
def close_due_proposals() -> int:
    """From beat, in the public schema (the network's proposals); from there once inside every
    ready organisation. Closing twice is a no-op, so overlapping runs are harmless."""
    from decisions import services

    closed = services.close_due_proposals()
    if connection.schema_name == get_public_schema_name():
        from tenants.services import enqueue_in_every_organisation

        enqueue_in_every_organisation("decisions.tasks.close_due_proposals")
    return closed

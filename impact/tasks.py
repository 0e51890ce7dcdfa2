"""Thin Celery wrappers around the impact services."""

from __future__ import annotations

from celery import shared_task

from impact import services


@shared_task
def take_daily_snapshots() -> list[str]:
    """Hourly (CELERY_BEAT_SCHEDULE): today's snapshot, an upsert, so re-running is harmless."""
    return [day.isoformat() for day in services.take_due_snapshots()]

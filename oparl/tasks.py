"""Thin Celery wrapper around the OParl import; runs in the public schema, where its rows are."""

from __future__ import annotations

from typing import Any

from celery import shared_task


@shared_task
def import_all_sources() -> dict[str, dict[str, Any]]:
    """Nightly (CELERY_BEAT_SCHEDULE "oparl-import"): every source, incrementally."""
    from oparl import importer

    return {url: result.as_dict() for url, result in importer.import_all_sources().items()}

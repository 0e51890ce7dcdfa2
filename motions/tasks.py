"""Thin Celery wrappers around motions/services: ids in, never model objects. They run in the
public schema, where motions live."""

from __future__ import annotations

import smtplib

from celery import shared_task


@shared_task(
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=5,
)
def send_submission(submission_id: int) -> str:
    from motions.services.submission import send_submission as send

    return send(submission_id)

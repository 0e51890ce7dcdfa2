"""Thin Celery wrappers around partners/services.py: ids and plain strings in, never model
objects. They run in the public schema, where partners live."""

from __future__ import annotations

from celery import shared_task


@shared_task
def send_contact_message(partner_id: int, name: str, email: str, message: str) -> bool:
    from partners.services import send_contact_message as send

    return send(partner_id=partner_id, name=name, email=email, message=message)


@shared_task
def send_request_email(request_id: int) -> bool:
    from partners.services import send_request_email as send

    return send(request_id=request_id)


@shared_task
def send_answer_email(request_id: int) -> bool:
    from partners.services import send_answer_email as send

    return send(request_id=request_id)

"""Thin Celery wrappers around tenants.services (ids in, never model objects)."""

from __future__ import annotations

from celery import shared_task

from tenants import emails, services
from tenants.models import Invitation


@shared_task(acks_late=True)
def provision_organisation_task(organisation_id: int) -> None:
    services.provision_organisation(organisation_id=organisation_id)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation_email_task(invitation_id: int, token: str) -> None:
    invitation = Invitation.objects.select_related("organisation", "invited_by").get(
        pk=invitation_id
    )
    emails.send_invitation_email(invitation=invitation, token=token)


@shared_task
def purge_expired_organisations() -> int:
    return services.purge_expired_organisations()


@shared_task
def fan_out_to_organisations(task_name: str, *args: object, and_public: bool = False) -> int:
    """The beat entry of every per-organisation job (CELERY_BEAT_SCHEDULE): enqueue ``task_name``
    once inside each ready schema (``and_public``: and once in public, for the network)."""
    return services.enqueue_in_every_organisation(task_name, *args, and_public=and_public)


@shared_task(acks_late=True)
def verify_domain_claim_task(claim_id: int) -> str:
    from tenants.custom_domains import verify_claim

    return str(verify_claim(claim_id=claim_id).status)


@shared_task
def recheck_domain_claims() -> int:
    from tenants.custom_domains import recheck_pending_claims

    return recheck_pending_claims()


@shared_task
def reverify_custom_domains() -> int:
    """Daily beat entry: one re-verification task per verified custom domain."""
    from tenants.custom_domains import verified_claim_ids

    ids = verified_claim_ids()
    for claim_id in ids:
        reverify_domain_claim_task.delay(claim_id)
    return len(ids)


@shared_task(acks_late=True)
def reverify_domain_claim_task(claim_id: int) -> str:
    from tenants.custom_domains import reverify_claim

    return str(reverify_claim(claim_id=claim_id).status)

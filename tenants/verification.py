"""Verifying an organisation (ORG-1): a platform staff decision with who, when and evidence;
revocable with a reason. The "Verifizierte Organisation" badge shows only while it holds."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import record
from tenants.models import Organisation
from tenants.services import OrganisationError


def _staff_only(user: Any) -> None:
    if not getattr(user, "is_staff", False):
        raise OrganisationError(_("Nur der Plattform-Support darf verifizieren."), code="forbidden")


@transaction.atomic
def verify_organisation(*, organisation: Organisation, staff: Any, note: str) -> Organisation:
    _staff_only(staff)
    note = (note or "").strip()
    if not note:
        raise OrganisationError(_("Bitte beschreibe den Nachweis."), field="note")
    fresh = Organisation.objects.select_for_update().get(pk=organisation.pk)
    fresh.verified_at, fresh.verified_by, fresh.verification_note = timezone.now(), staff, note
    fresh.verification_revoked_at, fresh.verification_revoked_reason = None, ""
    fresh.save(update_fields=[
        "verified_at", "verified_by", "verification_note",
        "verification_revoked_at", "verification_revoked_reason",
    ])  # fmt: skip
    record(organisation=fresh, action=Action.ORGANISATION_VERIFIED, actor=staff)
    return fresh


@transaction.atomic
def revoke_verification(*, organisation: Organisation, staff: Any, reason: str) -> Organisation:
    _staff_only(staff)
    reason = (reason or "").strip()
    if not reason:
        raise OrganisationError(_("Bitte nenne den Grund des Widerrufs."), field="reason")
    fresh = Organisation.objects.select_for_update().get(pk=organisation.pk)
    fresh.verified_at = None
    fresh.verification_revoked_at, fresh.verification_revoked_reason = timezone.now(), reason
    fresh.save(
        update_fields=["verified_at", "verification_revoked_at", "verification_revoked_reason"]
    )
    record(organisation=fresh, action=Action.VERIFICATION_REVOKED, actor=staff)
    return fresh

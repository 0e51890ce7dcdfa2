"""ORG-1: the "Verifizierte Organisation" badge is a staff decision with a record."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_tenants.utils import tenant_context

from audit.models import Action, AuditEntry
from tenants import verification
from tenants.models import Organisation
from tenants.services import OrganisationError
from tests.cast import Cast

BADGE = "Verifizierte Organisation"
CHANGELIST = "/admin/tenants/organisation/"


def _staff(cast: Cast) -> Client:
    client = Client(HTTP_HOST="localhost")
    client.force_login(cast.staff, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


def _profile(cast: Cast, client_for) -> str:
    url = reverse("organisation_profile", args=[cast.alpha.slug], urlconf="config.urls_public")
    return client_for(None, None).get(url).content.decode()


def test_a_new_organisation_has_no_badge_until_staff_verify_it(cast: Cast, client_for) -> None:
    assert BADGE not in _profile(cast, client_for)
    refused = _staff(cast).post(
        CHANGELIST, {"action": "verify", "_selected_action": [cast.alpha.pk]}
    )
    assert refused.status_code == 302  # no evidence note: refused with a message
    assert Organisation.objects.get(pk=cast.alpha.pk).verified_at is None
    _staff(cast).post(
        CHANGELIST,
        {"action": "verify", "_selected_action": [cast.alpha.pk], "note": "Vereinsregister VR 1"},
    )
    alpha = Organisation.objects.get(pk=cast.alpha.pk)
    assert alpha.verified_at is not None and alpha.verified_by == cast.staff
    assert alpha.verification_note == "Vereinsregister VR 1"
    assert BADGE in _profile(cast, client_for)
    with tenant_context(cast.alpha):
        assert AuditEntry.objects.filter(action=Action.ORGANISATION_VERIFIED).count() == 1


def test_staff_revoke_with_a_reason_and_the_badge_goes(cast: Cast, client_for) -> None:
    verification.verify_organisation(organisation=cast.alpha, staff=cast.staff, note="Satzung")
    with pytest.raises(OrganisationError):
        verification.revoke_verification(organisation=cast.alpha, staff=cast.staff, reason=" ")
    _staff(cast).post(
        CHANGELIST,
        {
            "action": "revoke_verification",
            "_selected_action": [cast.alpha.pk],
            "note": "Verein aufgelöst",
        },
    )
    alpha = Organisation.objects.get(pk=cast.alpha.pk)
    assert alpha.verified_at is None and alpha.verification_revoked_reason == "Verein aufgelöst"
    assert BADGE not in _profile(cast, client_for)
    with tenant_context(cast.alpha):
        assert AuditEntry.objects.filter(action=Action.VERIFICATION_REVOKED).count() == 1


def test_people_without_staff_rights_cannot_verify(cast: Cast, client_for) -> None:
    with pytest.raises(OrganisationError):
        verification.verify_organisation(organisation=cast.alpha, staff=cast.alice, note="x")
    owner = client_for(None, cast.alice)
    response = owner.post(
        CHANGELIST, {"action": "verify", "_selected_action": [cast.alpha.pk], "note": "x"}
    )
    assert response.status_code == 302 and "/login" in response["Location"]
    assert (
        client_for(cast.alpha, cast.alice).post("/admin/tenants/organisation/").status_code == 404
    )
    assert Organisation.objects.get(pk=cast.alpha.pk).verified_at is None


def test_the_api_says_verified_only_after_verification(cast: Cast, client_for) -> None:
    from public_marketplace.api import OrganisationRefSerializer

    assert OrganisationRefSerializer(cast.alpha).data["verified"] is False
    verified = verification.verify_organisation(organisation=cast.alpha, staff=cast.staff, note="x")
    assert OrganisationRefSerializer(verified).data["verified"] is True

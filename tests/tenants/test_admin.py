"""Platform staff manage organisations through the admin, which calls the same services."""

from __future__ import annotations

from django.test import Client

from tenants.models import Organisation, OrganisationStatus
from tests.cast import Cast


def _staff(cast: Cast) -> Client:
    client = Client(HTTP_HOST="localhost")
    client.force_login(cast.staff, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


def test_staff_see_organisations_without_personal_data(cast: Cast) -> None:
    client = _staff(cast)
    page = client.get("/admin/tenants/organisation/")
    assert page.status_code == 200
    assert "Alpha Partei" in page.content.decode()
    invitations = client.get("/admin/tenants/invitation/")
    assert invitations.status_code == 200


def test_the_deactivate_action_uses_the_two_step_deletion(cast: Cast) -> None:
    client = _staff(cast)
    response = client.post(
        "/admin/tenants/organisation/",
        {"action": "deactivate", "_selected_action": [cast.beta.pk]},
    )
    assert response.status_code == 302
    beta = Organisation.objects.get(pk=cast.beta.pk)
    assert beta.status == OrganisationStatus.DEACTIVATED and beta.purge_after is not None
    client.post(
        "/admin/tenants/organisation/", {"action": "reactivate", "_selected_action": [beta.pk]}
    )
    assert Organisation.objects.get(pk=beta.pk).is_ready


def test_the_admin_offers_no_raw_delete(cast: Cast) -> None:
    client = _staff(cast)
    assert client.get(f"/admin/tenants/organisation/{cast.alpha.pk}/delete/").status_code == 403


def test_people_without_staff_rights_do_not_reach_the_admin(cast: Cast, client_for) -> None:
    assert client_for(None, cast.alice).get("/admin/").status_code == 302
    assert client_for(cast.alpha, cast.alice).get("/admin/").status_code == 404

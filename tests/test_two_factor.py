"""AUTH-5: owners can require a second factor for admins; platform staff need one for the admin."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from tenants.models import Organisation, Role
from tests.cast import Cast


def test_the_owner_requires_a_second_factor_and_admins_are_sent_to_set_it_up(
    cast: Cast, client_for
) -> None:
    owner = client_for(cast.alpha, cast.alice)
    assert owner.post("/einstellungen/", {"require_two_factor": "on"}).status_code == 302
    assert Organisation.objects.get(pk=cast.alpha.pk).require_two_factor

    response = owner.get("/mitglieder/")
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/"
    # Members are not affected; other organisations neither.
    assert client_for(cast.alpha, cast.bob).get("/mitglieder/").status_code == 200
    assert client_for(cast.beta, cast.carol).get("/mitglieder/").status_code == 200

    TOTP.activate(cast.alice, generate_totp_secret())
    assert owner.get("/mitglieder/").status_code == 200


def test_only_owners_change_the_requirement(cast: Cast, client_for) -> None:
    for actor, status in ((cast.bob, 403), (cast.carol, 404), (cast.gina, 403)):
        response = client_for(cast.alpha, actor).post(
            "/einstellungen/", {"require_two_factor": "on"}
        )
        assert response.status_code == status
    assert not Organisation.objects.get(pk=cast.alpha.pk).require_two_factor


def test_platform_staff_need_a_second_factor_for_the_admin(
    cast: Cast, client_for, settings
) -> None:
    from django.contrib.auth import get_user_model

    settings.STAFF_REQUIRE_TWO_FACTOR = True
    client = client_for(None, cast.staff)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/"
    TOTP.activate(get_user_model().objects.get(pk=cast.staff.pk), generate_totp_secret())
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("required", [True, False])
@pytest.mark.parametrize("role", [Role.OWNER, Role.ADMIN, Role.MEMBER, None])
@pytest.mark.parametrize("has_second_factor", [True, False])
def test_who_must_set_up_a_second_factor(
    cast: Cast, monkeypatch: Any, required: bool, role: Any, has_second_factor: bool
) -> None:
    from accounts import two_factor

    asked: list[Any] = []

    def is_mfa_enabled(user: Any) -> bool:
        asked.append(user)
        return has_second_factor

    monkeypatch.setattr(two_factor, "is_mfa_enabled", is_mfa_enabled)
    organisation = cast.alpha
    organisation.require_two_factor = required
    guarded = role in (Role.OWNER, Role.ADMIN)
    missing = two_factor.second_factor_missing(user=cast.bob, organisation=organisation, role=role)
    assert missing == (required and guarded and not has_second_factor)
    # The database is asked only where the answer depends on it.
    assert bool(asked) == (required and guarded)
    for place in (None, cast.public):
        assert not two_factor.second_factor_missing(user=cast.bob, organisation=place, role=role)

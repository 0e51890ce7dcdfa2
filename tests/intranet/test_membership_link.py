"""The membership is the authority; django-tenant-users' link follows it on every path."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django_tenants.utils import schema_context
from tenant_users.permissions.models import UserTenantPermissions

from accounts.models import User
from accounts.privacy import erase_person, export_person
from intranet import services
from intranet.membership_link import link_drift, reconcile_links
from tenants.models import Organisation, Role
from tests.cast import Cast


def linked(organisation: Organisation, user: User) -> bool:
    with schema_context(organisation.schema_name):
        permissions = UserTenantPermissions.objects.filter(profile_id=user.pk).exists()
    in_m2m = user.tenants.filter(pk=organisation.pk).exists()
    assert permissions == in_m2m, "the two halves of the link disagree"
    return in_m2m


def test_the_standing_cast_has_no_drift(cast: Cast) -> None:
    assert not link_drift(cast.alpha)
    assert not link_drift(cast.beta)


def test_adding_links_and_removing_unlinks(cast: Cast) -> None:
    services.add_member(organisation=cast.alpha, user=cast.erin, role=Role.MEMBER)
    assert linked(cast.alpha, cast.erin)
    services.remove_member(organisation=cast.alpha, user=cast.erin, acting_user=cast.alice)
    assert not linked(cast.alpha, cast.erin)
    assert not link_drift(cast.alpha)


def test_leaving_unlinks(cast: Cast) -> None:
    services.remove_member(organisation=cast.alpha, user=cast.bob, acting_user=cast.bob)
    assert not linked(cast.alpha, cast.bob)


def test_deactivation_unlinks_and_reactivation_links_again(cast: Cast) -> None:
    services.set_active(
        organisation=cast.alpha, user=cast.bob, active=False, acting_user=cast.alice
    )
    assert not linked(cast.alpha, cast.bob)
    assert cast.alpha not in cast.bob.tenants.all()  # gone from the switcher
    services.set_active(organisation=cast.alpha, user=cast.bob, active=True, acting_user=cast.alice)
    assert linked(cast.alpha, cast.bob)
    assert not link_drift(cast.alpha)


def test_rejoining_after_removal_links_again(cast: Cast) -> None:
    services.remove_member(organisation=cast.alpha, user=cast.bob, acting_user=cast.alice)
    services.add_member(organisation=cast.alpha, user=cast.bob, role=Role.MEMBER)
    assert linked(cast.alpha, cast.bob)
    assert not link_drift(cast.alpha)


def test_a_deactivated_members_data_is_still_exported(cast: Cast) -> None:
    services.set_active(
        organisation=cast.alpha, user=cast.bob, active=False, acting_user=cast.alice
    )
    archive = export_person(cast.bob)
    assert [o["slug"] for o in archive["organisations"]] == ["alpha"]


def test_erasure_leaves_neither_membership_nor_link(cast: Cast) -> None:
    dave_pk = cast.dave.pk
    erase_person(cast.dave)
    for organisation in (cast.alpha, cast.beta):
        with schema_context(organisation.schema_name):
            assert not UserTenantPermissions.objects.filter(profile_id=dave_pk).exists()
        assert not link_drift(organisation)
    assert not User.objects.filter(pk=dave_pk).exists()


def test_drift_is_found_and_repaired(cast: Cast) -> None:
    # A hand edit: bob's link removed behind the services' back, erin linked without membership.
    with schema_context(cast.alpha.schema_name):
        UserTenantPermissions.objects.filter(profile_id=cast.bob.pk).delete()
        UserTenantPermissions.objects.create(profile=cast.erin)
    cast.erin.tenants.add(cast.alpha)
    drift = link_drift(cast.alpha)
    assert drift.missing == {cast.bob.pk} and drift.extra == {cast.erin.pk}
    with pytest.raises(CommandError, match="drifted"):
        call_command("reconcile_membership_links", "--check")
    assert reconcile_links(cast.alpha) == drift
    assert not link_drift(cast.alpha)
    assert linked(cast.alpha, cast.bob) and not linked(cast.alpha, cast.erin)
    call_command("reconcile_membership_links", "--check")  # clean again: no error

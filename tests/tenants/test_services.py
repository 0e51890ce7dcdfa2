from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from django_tenants.utils import schema_context, schema_exists

from intranet.models import Membership
from tenants import services
from tenants.db import connection
from tenants.models import Domain, Invitation, Organisation, OrganisationStatus, Role
from tenants.tasks import send_invitation_email_task
from tests.cast import Cast


@pytest.mark.parametrize(
    ("slug", "code"),
    [
        ("www", "reserved"),
        ("api", "reserved"),
        ("admin", "reserved"),
        ("static", "reserved"),
        ("mail", "reserved"),
        ("ab", "invalid"),
        ("Has_Underscore", "invalid"),
        ("-leading", "invalid"),
        ("trailing-", "invalid"),
        ("double--dash", "invalid"),
        ("a" * 41, "invalid"),
        ("alpha", "taken"),
    ],
)
def test_it_rejects_bad_reserved_and_taken_slugs_without_writing(
    cast: Cast, slug: str, code: str
) -> None:
    before = (Organisation.objects.count(), Domain.objects.count())
    with pytest.raises(services.OrganisationError) as error:
        services.register_organisation(name="X", slug=slug, owner=cast.erin, kind="party")
    assert error.value.code == code
    assert error.value.field == "slug"
    assert (Organisation.objects.count(), Domain.objects.count()) == before


def test_it_rejects_an_empty_name_and_an_unknown_kind(cast: Cast) -> None:
    with pytest.raises(services.OrganisationError, match="Namen"):
        services.register_organisation(name="  ", slug="neu-org", owner=cast.erin)
    with pytest.raises(services.OrganisationError):
        services.register_organisation(name="Neu", slug="neu-org", owner=cast.erin, kind="cult")
    assert not Organisation.objects.filter(slug="neu-org").exists()


def test_registration_answers_at_once_and_provisioning_makes_the_schema(
    cast: Cast, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        organisation = services.register_organisation(
            name="Neue Kirche", slug="neue-kirche", owner=cast.erin, kind="church"
        )
    assert organisation.status == OrganisationStatus.PROVISIONING
    assert not schema_exists(organisation.schema_name)
    # The provisioning task is queued only after commit.
    assert any(
        getattr(c, "task_name", "") == "tenants.tasks.provision_organisation_task"
        for c in callbacks
    )

    ready = services.provision_organisation(organisation_id=organisation.pk)
    assert ready.status == OrganisationStatus.READY
    assert schema_exists(ready.schema_name)
    with schema_context(ready.schema_name):
        assert Membership.objects.get(user=cast.erin).role == Role.OWNER
    assert Domain.objects.get(tenant=ready).domain == "neue-kirche.localhost"
    # Re-running is harmless.
    assert services.provision_organisation(organisation_id=organisation.pk).status == "ready"


def test_a_failed_provisioning_leaves_no_schema_and_can_be_retried(cast: Cast, monkeypatch) -> None:
    organisation = services.register_organisation(
        name="Wackelig", slug="wackelig", owner=cast.erin, kind="association", enqueue=False
    )

    def explode(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("intranet.services.add_member", explode)
    with pytest.raises(RuntimeError):
        services.provision_organisation(organisation_id=organisation.pk)
    organisation.refresh_from_db()
    assert organisation.status == OrganisationStatus.FAILED
    assert not schema_exists(organisation.schema_name)

    monkeypatch.undo()
    services.retry_provisioning(organisation=organisation)
    assert services.provision_organisation(organisation_id=organisation.pk).is_ready


def test_deletion_is_deactivate_then_purge_after_the_grace_period(
    cast: Cast, settings: Any, tmp_path: Any
) -> None:
    settings.DOCUMENTS_ROOT = tmp_path
    organisation = services.register_organisation(
        name="Kurzlebig", slug="kurzlebig", owner=cast.erin, kind="other", enqueue=False
    )
    organisation = services.provision_organisation(organisation_id=organisation.pk)
    with pytest.raises(services.OrganisationError):
        services.deactivate_organisation(organisation=organisation, acting_user=cast.bob)
    with pytest.raises(services.OrganisationError):
        services.purge_organisation(organisation=organisation)

    services.deactivate_organisation(organisation=organisation, acting_user=cast.erin)
    assert organisation.status == OrganisationStatus.DEACTIVATED
    with pytest.raises(services.OrganisationError, match="Frist"):
        services.purge_organisation(organisation=organisation)

    files = tmp_path / organisation.schema_name / "ab"
    files.mkdir(parents=True)
    (files / "abcdef").write_bytes(b"%PDF-1.7")
    services.purge_organisation(organisation=organisation, now=timezone.now() + timedelta(days=31))
    assert not (tmp_path / organisation.schema_name).exists()  # its documents' files too
    assert not Organisation.objects.filter(slug="kurzlebig").exists()
    assert not Domain.objects.filter(domain="kurzlebig.localhost").exists()
    assert not schema_exists(organisation.schema_name)


def test_the_scheduled_purge_takes_only_expired_organisations(cast: Cast) -> None:
    organisation = services.register_organisation(
        name="Abgelaufen", slug="abgelaufen", owner=cast.erin, kind="other", enqueue=False
    )
    organisation = services.provision_organisation(organisation_id=organisation.pk)
    services.deactivate_organisation(organisation=organisation, acting_user=None)
    assert services.purge_expired_organisations() == 0
    Organisation.objects.filter(pk=organisation.pk).update(purge_after=timezone.now())
    assert services.purge_expired_organisations() == 1
    assert Organisation.objects.get(pk=cast.alpha.pk).is_ready


def test_custom_domains_are_validated(cast: Cast) -> None:
    for bad in ("not a domain", "x.localhost", "localhost", "alpha.localhost"):
        with pytest.raises(services.OrganisationError):
            services.add_custom_domain(organisation=cast.alpha, domain=bad, acting_user=cast.alice)
    with pytest.raises(services.OrganisationError):
        services.add_custom_domain(
            organisation=cast.alpha, domain="gruene.example", acting_user=cast.bob
        )
    domain = services.add_custom_domain(
        organisation=cast.alpha, domain="Partei-Alpha.example.", acting_user=cast.alice
    )
    assert domain.domain == "partei-alpha.example"
    with pytest.raises(services.OrganisationError, match="vergeben"):
        services.add_custom_domain(
            organisation=cast.beta, domain="partei-alpha.example", acting_user=cast.carol
        )


class TestInvitations:
    def test_an_admin_invites_and_a_new_person_accepts(
        self, cast: Cast, django_capture_on_commit_callbacks
    ) -> None:
        with django_capture_on_commit_callbacks() as callbacks:
            issued = services.invite_member(
                organisation=cast.alpha,
                email="New@Example.org",
                role=Role.MEMBER,
                invited_by=cast.alice,
            )
        assert len(callbacks) == 1  # the e-mail goes out through the broker after commit
        send_invitation_email_task.apply(args=(issued.invitation.pk, issued.token))
        assert len(mail.outbox) == 1
        assert issued.token in mail.outbox[0].body
        assert "alpha.localhost" in mail.outbox[0].body
        assert Invitation.objects.get(pk=issued.invitation.pk).token_hash != issued.token

        user = services.register_invited_user(
            organisation=cast.alpha,
            token=issued.token,
            display_name="Neu",
            password="ein-gutes-passwort-42",
        )
        assert user.email == "new@example.org"
        assert services.role_of(organisation=cast.alpha, user=user) == Role.MEMBER
        assert services.role_of(organisation=cast.beta, user=user) is None

    def test_an_existing_user_accepts_once_and_the_link_cannot_be_reused(self, cast: Cast) -> None:
        issued = services.invite_member(
            organisation=cast.alpha, email=cast.erin.email, role=Role.GUEST, invited_by=cast.alice
        )
        services.accept_invitation(organisation=cast.alpha, token=issued.token, user=cast.erin)
        assert services.role_of(organisation=cast.alpha, user=cast.erin) == Role.GUEST
        with pytest.raises(services.InvitationError) as error:
            services.accept_invitation(organisation=cast.alpha, token=issued.token, user=cast.erin)
        assert error.value.code == "used"

    def test_expired_unknown_and_foreign_links_get_clear_errors(self, cast: Cast) -> None:
        issued = services.invite_member(
            organisation=cast.alpha,
            email="late@example.org",
            role=Role.MEMBER,
            invited_by=cast.alice,
        )
        with pytest.raises(services.InvitationError) as foreign:
            services.invitation_for_token(organisation=cast.beta, token=issued.token)
        assert foreign.value.code == "unknown"
        Invitation.objects.filter(pk=issued.invitation.pk).update(expires_at=timezone.now())
        with pytest.raises(services.InvitationError) as expired:
            services.accept_invitation(organisation=cast.alpha, token=issued.token, user=cast.erin)
        assert expired.value.code == "expired"
        with pytest.raises(services.InvitationError) as unknown:
            services.invitation_for_token(organisation=cast.alpha, token="nope")
        assert unknown.value.code == "unknown"
        assert services.role_of(organisation=cast.alpha, user=cast.erin) is None

    @pytest.mark.parametrize(
        ("inviter", "role", "email"),
        [
            ("bob", Role.MEMBER, "x@example.org"),  # members cannot invite
            ("dave", Role.GUEST, "x@example.org"),
            ("carol", Role.MEMBER, "x@example.org"),  # owner of another organisation
            ("alice", Role.OWNER, "x@example.org"),  # ownership is never handed out by invitation
            ("alice", "boss", "x@example.org"),
            ("alice", Role.MEMBER, "not-an-address"),
            ("alice", Role.MEMBER, "bob@example.org"),  # already a member
        ],
    )
    def test_bad_invitations_are_refused_and_nothing_is_stored(
        self, cast: Cast, inviter, role, email
    ) -> None:
        with pytest.raises(services.OrganisationError):
            services.invite_member(
                organisation=cast.alpha, email=email, role=role, invited_by=getattr(cast, inviter)
            )
        assert Invitation.objects.count() == 0


def test_removing_a_member_ends_their_access_at_once(cast: Cast) -> None:
    from intranet.services import remove_member

    remove_member(organisation=cast.alpha, user=cast.bob, acting_user=cast.alice)
    assert services.role_of(organisation=cast.alpha, user=cast.bob) is None
    assert cast.alpha not in services.organisations_of(cast.bob)
    connection.set_schema_to_public()
    with pytest.raises(services.OrganisationError):
        remove_member(organisation=cast.alpha, user=cast.alice, acting_user=cast.alice)


def test_the_switcher_lists_every_organisation_of_a_person(cast: Cast) -> None:
    assert {o.slug for o in services.organisations_of(cast.dave)} == {"alpha", "beta"}
    assert services.organisations_of(cast.erin) == []


def test_a_stale_template_schema_is_migrated_before_it_is_cloned(cast: Cast) -> None:
    from django.conf import settings

    from tenants.models import SchemaMigrationState

    template = settings.TENANT_BASE_SCHEMA
    SchemaMigrationState.objects.filter(schema_name=template).update(fingerprint="old-code")
    services.ensure_template_schema()
    state = SchemaMigrationState.objects.get(schema_name=template)
    from tenants.migration_state import tenant_migrations_fingerprint

    assert state.fingerprint == tenant_migrations_fingerprint() and state.status == "current"


def test_the_switcher_links_each_organisation_to_its_primary_host(cast: Cast) -> None:
    custom = Domain.objects.create(domain="intranet.alpha.example", tenant=cast.alpha)
    Domain.objects.filter(tenant=cast.alpha).update(is_primary=False)
    Domain.objects.filter(pk=custom.pk).update(is_primary=True)
    urls = {o.slug: o.url() for o in services.organisations_of(cast.dave)}
    assert "://intranet.alpha.example" in urls["alpha"] and "://beta." in urls["beta"]


def statistics_target(schema: str, index: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attstattarget FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = %s AND c.relname = %s AND a.attnum = 1",
            [schema, index],
        )
        return int(cursor.fetchone()[0] or -1)


def test_a_cloned_schema_keeps_the_search_index_statistics(cast: Cast) -> None:
    # The clone copies index definitions only; without the statistics target a search for a
    # rare word reads every post (docs/benchmarks-intranet.md).
    from django.conf import settings

    assert statistics_target(settings.TENANT_BASE_SCHEMA, "post_body_search") == 1000
    assert statistics_target(cast.alpha.schema_name, "post_body_search") == 1000

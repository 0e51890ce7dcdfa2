"""The organisation's audit log (docs/security.md LOG-2): what is recorded, append-only in the
model and in PostgreSQL (also in a freshly provisioned, cloned schema), the owner's page and
export."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.db import DatabaseError, transaction
from django_tenants.utils import schema_context

from audit.models import Action, AppendOnly, AuditEntry
from audit.selectors import PAGE_SIZE
from audit.services import record
from intranet import services as intranet_services
from tenants import branding, custom_domains
from tenants import services as tenant_services
from tenants.db import connection
from tenants.models import Organisation
from tests.cast import Cast


def entries(organisation: Organisation, **filters: Any) -> list[AuditEntry]:
    with schema_context(organisation.schema_name):
        return list(AuditEntry.objects.filter(**filters).order_by("id"))


# -- what is recorded ------------------------------------------------------------------------


def test_member_changes_are_recorded_with_actor_target_and_details(cast: Cast) -> None:
    alpha = cast.alpha
    intranet_services.change_role(
        organisation=alpha, user=cast.bob, role="guest", acting_user=cast.alice
    )
    intranet_services.set_active(
        organisation=alpha, user=cast.bob, active=False, acting_user=cast.alice
    )
    intranet_services.set_active(
        organisation=alpha, user=cast.bob, active=True, acting_user=cast.alice
    )
    intranet_services.remove_member(organisation=alpha, user=cast.bob, acting_user=cast.alice)

    got = [(e.action, e.actor_id, e.target_user_id, e.details) for e in entries(alpha)]
    assert got == [
        (Action.ROLE_CHANGED, cast.alice.pk, cast.bob.pk, {"from": "member", "to": "guest"}),
        (Action.MEMBER_DEACTIVATED, cast.alice.pk, cast.bob.pk, {}),
        (Action.MEMBER_REACTIVATED, cast.alice.pk, cast.bob.pk, {}),
        (Action.MEMBER_REMOVED, cast.alice.pk, cast.bob.pk, {"left": False}),
    ]
    assert entries(cast.beta) == []  # another organisation's log stays untouched


def test_a_refused_change_leaves_no_entry(cast: Cast) -> None:
    with pytest.raises(tenant_services.OrganisationError):
        intranet_services.change_role(
            organisation=cast.alpha, user=cast.alice, role="member", acting_user=cast.alice
        )
    assert entries(cast.alpha) == []


def test_invitations_settings_domains_and_deactivation_are_recorded(cast: Cast) -> None:
    alpha = cast.alpha
    issued = tenant_services.invite_member(
        organisation=alpha, email="neu@example.org", role="member", invited_by=cast.alice
    )
    tenant_services.accept_invitation(organisation=alpha, token=issued.token, user=cast.erin)
    tenant_services.set_two_factor_requirement(
        organisation=alpha, required=True, acting_user=cast.alice
    )
    branding.update_settings(
        organisation=alpha,
        acting_user=cast.alice,
        name="Alpha Partei Leipzig",
        brand_colour="",
        default_language="de",
    )
    tenant_services.add_custom_domain(
        organisation=alpha, domain="alpha-partei.example", acting_user=cast.alice
    )
    custom_domains.remove_domain(
        organisation=alpha, domain="alpha-partei.example", acting_user=cast.alice
    )
    full = Organisation.objects.get(pk=alpha.pk)
    tenant_services.deactivate_organisation(organisation=full, acting_user=cast.staff)
    tenant_services.reactivate_organisation(organisation=full, acting_user=cast.staff)

    got = [(e.action, e.actor_kind, e.target_type, e.target_id, e.details) for e in entries(alpha)]
    invitation = str(issued.invitation.pk)
    assert got == [
        (Action.INVITATION_SENT, "person", "invitation", invitation, {"role": "member"}),
        (Action.INVITATION_ACCEPTED, "person", "invitation", invitation, {"role": "member"}),
        (Action.TWO_FACTOR_CHANGED, "person", "", "", {"required": True}),
        (Action.SETTINGS_CHANGED, "person", "", "", {"fields": ["name"]}),
        (Action.DOMAIN_VERIFIED, "person", "domain", "alpha-partei.example", {}),
        (Action.DOMAIN_REMOVED, "person", "domain", "alpha-partei.example", {}),
        (Action.ORGANISATION_DEACTIVATED, "staff", "", "", {}),
        (Action.ORGANISATION_REACTIVATED, "staff", "", "", {}),
    ]
    # No e-mail address or name in what the entries store themselves.
    text = json.dumps([e.details for e in entries(alpha)]) + str(
        [e.target_id for e in entries(alpha)]
    )
    assert "neu@example.org" not in text and "Erin" not in text


def test_unknown_actions_are_refused_and_the_public_schema_has_no_log(cast: Cast) -> None:
    with pytest.raises(ValueError):
        record(organisation=cast.alpha, action="member.renamed")
    assert record(organisation=cast.public, action=Action.SETTINGS_CHANGED) is None


def test_a_persons_own_data_export_is_recorded_in_each_of_their_organisations(
    cast: Cast, client_for: Any
) -> None:
    assert client_for(None, cast.dave).get("/konto/daten/").status_code == 200
    for organisation in (cast.alpha, cast.beta):
        assert [e.actor_id for e in entries(organisation, action=Action.PERSON_DATA_EXPORTED)] == [
            cast.dave.pk
        ]


# -- append-only -----------------------------------------------------------------------------


def test_the_model_refuses_updates_and_deletes(cast: Cast) -> None:
    entry = record(organisation=cast.alpha, action=Action.SETTINGS_CHANGED, actor=cast.alice)
    assert entry is not None
    with schema_context(cast.alpha.schema_name):
        entry.details = {"fields": ["forged"]}
        with pytest.raises(AppendOnly):
            entry.save()
        with pytest.raises(AppendOnly):
            entry.delete()
        with pytest.raises(AppendOnly):
            AuditEntry.objects.filter(pk=entry.pk).update(action=Action.AUDIT_EXPORTED)
        with pytest.raises(AppendOnly):
            AuditEntry.objects.all().delete()
        assert AuditEntry.objects.get(pk=entry.pk).details == {}


def _raw_sql_is_refused(schema: str) -> None:
    with schema_context(schema), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditentry (at, action, actor_kind, target_type, target_id, details)"
            " VALUES (now(), 'settings.changed', 'system', '', '', '{}') RETURNING id"
        )
        (entry_id,) = cursor.fetchone()
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE waits for no deferred check
        for statement in (
            "UPDATE audit_auditentry SET action = 'audit.exported' WHERE id = %s",
            "UPDATE audit_auditentry SET actor_kind = 'person' WHERE id = %s",
            "DELETE FROM audit_auditentry WHERE id = %s",
            "TRUNCATE audit_auditentry",
        ):
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
                cursor.execute(statement, [entry_id] if "%s" in statement else [])
        cursor.execute("SELECT action FROM audit_auditentry WHERE id = %s", [entry_id])
        assert cursor.fetchone() == ("settings.changed",)


def test_raw_sql_cannot_change_or_delete_entries(cast: Cast) -> None:
    _raw_sql_is_refused(cast.alpha.schema_name)


def test_only_erasure_may_unlink_a_person(cast: Cast) -> None:
    entry = record(
        organisation=cast.alpha, action=Action.ROLE_CHANGED, actor=cast.alice, target=cast.bob
    )
    assert entry is not None
    with schema_context(cast.alpha.schema_name), connection.cursor() as cursor:
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            cursor.execute(
                "UPDATE audit_auditentry SET actor_id = %s WHERE id = %s", [cast.erin.pk, entry.pk]
            )
        assert AuditEntry.objects.forget_person(cast.bob.pk) == 1
        assert AuditEntry.objects.get(pk=entry.pk).target_user_id is None


def test_a_freshly_provisioned_organisation_gets_the_trigger_through_the_clone(
    cast: Cast, settings: Any
) -> None:
    """New schemas are cloned from the template (TENANT_PROVISIONING_MODE=clone): the clone must
    carry the trigger, or its log would be writable by raw SQL."""
    assert settings.TENANT_PROVISIONING_MODE == "clone"
    organisation = tenant_services.register_organisation(
        name="Gamma Verein", slug="gamma-audit", kind="association", owner=cast.erin, enqueue=False
    )
    organisation = tenant_services.provision_organisation(organisation_id=organisation.pk)
    assert organisation.is_ready
    _raw_sql_is_refused(organisation.schema_name)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = %s AND c.relname = 'audit_auditentry' AND NOT t.tgisinternal"
            " ORDER BY 1",
            [organisation.schema_name],
        )
        assert [r[0] for r in cursor.fetchall()] == [
            "audit_entry_append_only",
            "audit_entry_no_truncate",
        ]


# -- the owner's page and export -------------------------------------------------------------


def _many(organisation: Organisation, count: int) -> None:
    with schema_context(organisation.schema_name):
        AuditEntry.objects.bulk_create(
            AuditEntry(
                action=Action.SETTINGS_CHANGED, actor_id=organisation.owner_id, actor_kind="person"
            )
            for _ in range(count)
        )


def test_the_log_page_pages_by_keyset_and_filters_by_action(
    cast: Cast, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    _many(cast.alpha, PAGE_SIZE + 5)
    issued = tenant_services.invite_member(
        organisation=cast.alpha, email="neu@example.org", role="member", invited_by=cast.alice
    )
    client = client_for(cast.alpha, cast.alice)
    with django_assert_max_num_queries(12):
        first = client.get("/einstellungen/protokoll/")
    assert first.status_code == 200
    page = first.content.decode()
    assert page.count("<tr>") == PAGE_SIZE + 1  # header row + a full page
    assert "neu@example.org" in page and "Einladung verschickt" in page and "als Mitglied" in page
    assert "Ältere Einträge" in page
    older = first.context["next_before"]
    second = client.get("/einstellungen/protokoll/", {"vor": older})
    assert second.content.decode().count("<tr>") == 1 + 6
    assert second.context["next_before"] is None

    filtered = client.get("/einstellungen/protokoll/", {"aktion": Action.INVITATION_SENT})
    assert [r.entry.target_id for r in filtered.context["rows"]] == [str(issued.invitation.pk)]
    # An unknown filter value shows everything rather than failing.
    assert client.get("/einstellungen/protokoll/", {"aktion": "x", "vor": "abc"}).status_code == 200
    # The page lives in the settings: an owner finds it there.
    assert "/einstellungen/protokoll/" in client.get("/einstellungen/").content.decode()


def test_another_organisations_log_is_not_shown(cast: Cast, client_for: Any) -> None:
    record(organisation=cast.beta, action=Action.SETTINGS_CHANGED, actor=cast.carol)
    assert client_for(cast.alpha, cast.alice).get("/einstellungen/protokoll/").context["rows"] == []
    assert client_for(cast.alpha, cast.carol).get("/einstellungen/protokoll/").status_code == 404


def test_the_export_holds_every_entry_and_is_itself_recorded(cast: Cast, client_for: Any) -> None:
    intranet_services.change_role(
        organisation=cast.alpha, user=cast.bob, role="guest", acting_user=cast.alice
    )
    record(organisation=cast.alpha, action=Action.DOMAIN_CLAIMED, target=("domain", "=cmd|calc"))
    client = client_for(cast.alpha, cast.alice)

    response = client.get("/einstellungen/protokoll/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="protokoll-alpha-')
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["action"] for r in rows] == [
        Action.ROLE_CHANGED,
        Action.DOMAIN_CLAIMED,
        Action.AUDIT_EXPORTED,
    ]
    assert rows[0]["actor"] == "Alice" and rows[0]["target"] == "Bob"
    assert json.loads(rows[0]["details"]) == {"from": "member", "to": "guest"}
    assert rows[1]["target"] == "'=cmd|calc"  # no formula in a spreadsheet

    data = json.loads(
        b"".join(client.get("/einstellungen/protokoll/export.json").streaming_content)
    )
    assert [e["action"] for e in data][-2:] == [Action.AUDIT_EXPORTED, Action.AUDIT_EXPORTED]
    assert data[-1]["details"] == {"format": "json"}
    assert data[0]["actor_id"] == str(cast.alice.public_id)

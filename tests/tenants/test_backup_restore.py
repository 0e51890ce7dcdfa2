"""Backing up and restoring one organisation with the real pg_dump/pg_restore (tenants/backups.py).

pg_dump runs in its own process and sees committed rows only, so these tests commit (outside the
usual per-test transaction) into two organisations of their own and remove them afterwards.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django_tenants.utils import schema_context

from accounts.models import ErasureRecord, User
from accounts.privacy import erase_person
from intranet.models import Membership
from intranet.services import add_member
from tenants import services
from tenants.db import connection
from tenants.models import Organisation, OrganisationKind, Role
from tests.cast import Cast
from workspaces.models import Workspace, WorkspaceInvitation


def _person(name: str) -> User:
    user = User.objects.create_user(email=f"{name}@example.org", password="x-Passwort-123")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    EmailAddress.objects.create(user=user, email=f"{name}.second@example.org", verified=True)
    return user


def _organisation(slug: str, owner: User) -> Organisation:
    org = services.register_organisation(
        name=slug.title(), slug=slug, kind=OrganisationKind.OTHER, owner=owner, enqueue=False
    )
    return services.provision_organisation(organisation_id=org.pk)


def _workspaces(org: Organisation) -> set[str]:
    with schema_context(org.schema_name):
        return set(Workspace.objects.values_list("slug", flat=True))


@pytest.fixture
def committed(
    django_db_setup: None, _cast: Cast, django_db_blocker: Any
) -> Iterator[dict[str, Any]]:
    """Two organisations with committed data; purged (and their owners erased) afterwards."""
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        owner_a, owner_b, person = _person("rosa"), _person("bert"), _person("pia")
        org_a, org_b = _organisation("rest-a", owner_a), _organisation("rest-b", owner_b)
        add_member(organisation=org_a, user=person, role=Role.MEMBER)
        for org in (org_a, org_b):
            with schema_context(org.schema_name):
                workspace = Workspace.objects.create(name="Vorher", slug="vorher")
                WorkspaceInvitation.objects.create(
                    workspace=workspace, token_hash=f"t-{org.slug}", email="PIA.second@example.org"
                )
        try:
            yield {"a": org_a, "b": org_b, "person": person, "owners": (owner_a, owner_b)}
        finally:
            connection.set_schema_to_public()
            for org in Organisation.objects.filter(slug__in=("rest-a", "rest-b")):
                services.deactivate_organisation(organisation=org, acting_user=None)
                org.refresh_from_db()
                services.purge_organisation(
                    organisation=org, now=org.purge_after + timedelta(days=1)
                )
            for user in User.objects.filter(email__in=("rosa@example.org", "bert@example.org")):
                erase_person(user)
            if User.objects.filter(pk=person.pk).exists():
                erase_person(person)
            ErasureRecord.objects.all().delete()


def test_an_unknown_slug_is_refused(cast: Cast, tmp_path: Path) -> None:
    # Also the module's one test in a rolled-back transaction: pytest-django then sets up the
    # test database for the committing tests below.
    with pytest.raises(CommandError, match="No organisation"):
        call_command("backup_organisation", "no-such-org", "--out", str(tmp_path / "x"))


def test_restoring_one_organisation_leaves_the_others_and_keeps_erasures(
    committed: dict[str, Any], tmp_path: Path, django_db_blocker: Any
) -> None:
    org_a, org_b, person = committed["a"], committed["b"], committed["person"]
    backup = tmp_path / "rest-a.dump"
    with django_db_blocker.unblock():
        call_command("backup_organisation", "rest-a", "--out", str(backup))
        assert backup.stat().st_size > 0
        assert (tmp_path / "rest-a.dump.json").is_file()
        # After the backup: both organisations change, and the person is erased.
        for org in (org_a, org_b):
            with schema_context(org.schema_name):
                Workspace.objects.create(name="Nachher", slug="nachher")
        erase_person(person)
        record = ErasureRecord.objects.get(user_id=person.pk)
        assert record.address_hashes == sorted(
            hashlib.sha256(email.encode()).hexdigest()
            for email in ("pia@example.org", "pia.second@example.org")
        )
        assert "pia" not in str(record.address_hashes)  # digests only, never the address

        call_command("restore_organisation", "rest-a", "--from", str(backup))

        connection.set_schema_to_public()
        assert _workspaces(org_a) == {"vorher"}  # the backup's data
        assert _workspaces(org_b) == {"vorher", "nachher"}  # untouched
        with schema_context(org_a.schema_name):
            # The erased person's membership and the invitation to their address stay erased.
            assert not Membership.objects.filter(user_id=person.pk).exists()
            assert not WorkspaceInvitation.objects.exists()
            # The restored schema has its constraints and indexes back (post-data section).
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_constraint c JOIN pg_namespace n "
                    "ON n.oid = c.connamespace WHERE n.nspname = %s AND c.contype = 'f'",
                    [org_a.schema_name],
                )
                assert cursor.fetchone()[0] > 0
            assert Membership.objects.filter(role=Role.OWNER).count() == 1
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'org_aside_%%'")
            assert cursor.fetchone()[0] == 0  # the old schema was dropped


def test_bad_input_is_refused_and_changes_nothing(
    committed: dict[str, Any], tmp_path: Path, django_db_blocker: Any
) -> None:
    org_a = committed["a"]
    with django_db_blocker.unblock():
        with pytest.raises(CommandError, match="No organisation"):
            call_command("backup_organisation", "no-such-org", "--out", str(tmp_path / "x"))
        with pytest.raises(CommandError, match="No organisation"):
            call_command("restore_organisation", "no-such-org", "--from", str(tmp_path / "x"))
        with pytest.raises(CommandError, match="does not exist"):
            call_command("restore_organisation", "rest-a", "--from", str(tmp_path / "missing"))
        # A backup of another organisation is not restored into this one.
        call_command("backup_organisation", "rest-b", "--out", str(tmp_path / "b.dump"))
        with pytest.raises(CommandError, match="belongs to"):
            call_command("restore_organisation", "rest-a", "--from", str(tmp_path / "b.dump"))
        # A damaged file: pg_restore fails and the old schema is put back.
        (tmp_path / "a.dump").write_bytes(b"not a dump")
        (tmp_path / "a.dump.json").write_text(
            (tmp_path / "b.dump.json")
            .read_text()
            .replace("rest-b", "rest-a")
            .replace("rest_b", "rest_a")
        )
        with pytest.raises(CommandError, match="pg_restore failed"):
            call_command("restore_organisation", "rest-a", "--from", str(tmp_path / "a.dump"))
        connection.set_schema_to_public()
        assert _workspaces(org_a) == {"vorher"}
        assert _workspaces(committed["b"]) == {"vorher"}
        assert not list(tmp_path.glob("x*"))

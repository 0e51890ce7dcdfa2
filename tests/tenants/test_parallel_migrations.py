"""migrate_all_schemas: parallel workers claim each schema once, record failures and go on."""

from __future__ import annotations

import pytest
from django.db import connections

from tenants.migration_state import migrate_all_schemas
from tenants.models import Organisation, OrganisationStatus, SchemaMigrationState
from tests.cast import Cast


def test_a_failing_schema_is_recorded_and_the_others_migrate(cast: Cast) -> None:
    SchemaMigrationState.objects.filter(schema_name=cast.alpha.schema_name).update(
        fingerprint="old-code"
    )
    # A stale "running" row, as a killed worker leaves it, is taken again.
    SchemaMigrationState.objects.filter(schema_name=cast.beta.schema_name).update(
        fingerprint="", status="running"
    )
    Organisation.objects.bulk_create(  # a row whose schema was never created
        [
            Organisation(
                name="Kaputt",
                slug="kaputt",
                schema_name="org_kaputt",
                status=OrganisationStatus.READY,
                owner_id=cast.alpha.owner_id,
            )
        ]
    )
    report = migrate_all_schemas()
    assert set(report.migrated) == {cast.alpha.schema_name, cast.beta.schema_name}
    assert set(report.failed) == {"org_kaputt"}
    states = dict(SchemaMigrationState.objects.values_list("schema_name", "status"))
    assert states[cast.alpha.schema_name] == states[cast.beta.schema_name] == "current"
    assert states["org_kaputt"] == "failed"


def test_a_schema_another_worker_holds_is_left_to_it(cast: Cast) -> None:
    """Workers claim a schema with an advisory lock; one held elsewhere (another worker or a
    second Job) is neither migrated twice nor reported as failed."""
    schemas = [cast.alpha.schema_name, cast.beta.schema_name]
    SchemaMigrationState.objects.filter(schema_name__in=schemas).update(fingerprint="old-code")
    side = connections.create_connection("default")
    try:
        with side.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_lock(hashtext('wecreate.migrate_schema'), hashtext(%s))",
                [cast.alpha.schema_name],
            )
        report = migrate_all_schemas()
    finally:
        side.close()
    assert report.migrated == [cast.beta.schema_name] and not report.failed
    assert report.skipped >= 1


def test_workers_below_one_are_refused() -> None:
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError):
        call_command("migrate_all_schemas", workers=0)

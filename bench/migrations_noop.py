"""A deploy with no new tenant migrations, across N organisations, and resuming a stopped one.

Compares our ``migrate_all_schemas`` (tenants.migration_state: one fingerprint query, then
only the schemas that are not current) with plain django-tenants
``migrate_schemas --tenant``, which opens and introspects every schema even when there is
nothing to do. Plain is slow at large N, so it can be timed on the first K schemas only and
extrapolated linearly to N (clearly labelled as such in the output).

Then resumability: some schemas' SchemaMigrationState is set to ``failed`` / ``running`` (as a
killed or failed deploy leaves them), one gets an old fingerprint and one loses its row; a
rerun must migrate exactly those and skip the rest.

    python -m bench.migrations_noop                   # N=1000, plain on the first 100
    python -m bench.migrations_noop --orgs 100 --plain-sample 0    # plain on all of them
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from bench import common


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orgs", type=int, default=1000, help="organisations (N)")
    parser.add_argument("--reps", type=int, default=5, help="timed runs of migrate_all_schemas")
    parser.add_argument(
        "--plain-sample",
        type=int,
        default=100,
        help="time plain migrate_schemas on the first K schemas and extrapolate (0: all N)",
    )
    parser.add_argument("--resume", type=int, default=10, help="schemas to mark not current")
    return parser.parse_args(argv)


def time_ours() -> tuple[float, Any, int]:
    from django.test.utils import CaptureQueriesContext

    from tenants.db import connection
    from tenants.migration_state import migrate_all_schemas

    connection.set_schema_to_public()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        report = migrate_all_schemas()
        seconds = time.perf_counter() - started
    return seconds, report, len(queries.captured_queries)


def time_plain(sample: int) -> tuple[float, int]:
    """Plain ``migrate_schemas --tenant``, exactly as called, over the first ``sample`` tenants."""
    from unittest import mock

    from django.core.management import call_command
    from django_tenants.migration_executors.standard import StandardExecutor

    from tenants.db import connection

    original = StandardExecutor.run_migrations
    seen: list[int] = []

    def first_tenants(self: StandardExecutor, tenants: Any = None) -> Any:
        chosen = list(tenants or [])[:sample]
        seen.append(len(chosen))
        return original(self, tenants=chosen)

    connection.set_schema_to_public()
    with mock.patch.object(StandardExecutor, "run_migrations", first_tenants):
        started = time.perf_counter()
        call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0)
        seconds = time.perf_counter() - started
    connection.set_schema_to_public()
    return seconds, sum(seen)


def break_some(count: int) -> dict[str, str]:
    """Leave schemas as a stopped or failed deploy would; returns schema → what was done."""
    from tenants.migration_state import tenant_schemas
    from tenants.models import SchemaMigrationState

    schemas = [s for s in tenant_schemas() if s.startswith("org_")]
    count = min(count, len(schemas))
    step = max(1, len(schemas) // max(count, 1))
    chosen = schemas[::step][:count]
    damage: dict[str, str] = {}
    for index, schema in enumerate(chosen):
        kind = ("failed", "running", "old fingerprint", "no state row")[index % 4]
        rows = SchemaMigrationState.objects.filter(schema_name=schema)
        if kind == "failed":
            rows.update(status="failed", error="simulated failure")
        elif kind == "running":
            rows.update(status="running", fingerprint="")
        elif kind == "old fingerprint":
            rows.update(fingerprint="0" * 64)
        else:
            rows.delete()
        damage[schema] = kind
    return damage


def run(orgs: int, reps: int, plain_sample: int, resume: int) -> dict[str, Any]:
    from django.conf import settings

    from tenants import services
    from tenants.migration_state import tenant_schemas

    common.reset_database()
    filler = common.Filler()
    services.ensure_template_schema()  # in clone mode the template is migrated too
    fill_seconds = filler.fill_to(orgs)
    common.analyze()
    schemas = len(tenant_schemas())
    print(f"{orgs} organisations, {schemas} tenant schemas ({fill_seconds:.0f} s to fill)")

    _, warm, _ = time_ours()  # the first run also loads the migration modules
    assert not warm.migrated and not warm.failed, (warm.migrated, warm.failed)
    ours = []
    queries = 0
    for _ in range(reps):
        seconds, report, queries = time_ours()
        assert report.skipped == schemas and not report.migrated, report
        ours.append(seconds)
    ours_median = common.median(ours)
    print(f"  migrate_all_schemas, nothing to do: {ours_median:.4f} s ({queries} queries)")

    sample = orgs if plain_sample <= 0 else min(plain_sample, orgs)
    plain_seconds, plain_schemas = time_plain(sample)
    assert plain_schemas == sample, (plain_schemas, sample)
    per_schema = plain_seconds / sample
    plain_total = per_schema * orgs
    extrapolated = sample < orgs
    print(
        f"  plain migrate_schemas --tenant: {plain_seconds:.1f} s for {sample} schemas"
        f" ({per_schema:.3f} s each)"
        + (f", extrapolated to {orgs}: {plain_total:.0f} s" if extrapolated else "")
    )

    damage = break_some(resume)
    seconds, report, _ = time_ours()
    assert set(report.migrated) == set(damage), (report.migrated, damage)
    assert report.skipped == schemas - len(damage) and not report.failed, report
    print(f"  rerun after {len(damage)} schemas left not current: {seconds:.2f} s")
    again, report_again, _ = time_ours()
    assert not report_again.migrated

    return {
        "organisations": orgs,
        "tenant_schemas": schemas,
        "provisioning_mode": settings.TENANT_PROVISIONING_MODE,
        "filler": filler.method,
        "ours": {"runs": ours, "median_seconds": ours_median, "queries": queries},
        "plain": {
            "schemas_timed": sample,
            "seconds": plain_seconds,
            "seconds_per_schema": per_schema,
            "estimated_seconds_for_all": plain_total,
            "extrapolated": extrapolated,
        },
        "plain_over_ours": plain_total / ours_median,
        "resume": {
            "damaged": damage,
            "migrated": report.migrated,
            "skipped": report.skipped,
            "seconds": seconds,
            "second_rerun_seconds": again,
            "second_rerun_migrated": len(report_again.migrated),
        },
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    common.setup_django()
    data = run(args.orgs, args.reps, args.plain_sample, args.resume)
    plain = data["plain"]
    label = (
        f"plain migrate_schemas --tenant (first {plain['schemas_timed']}, extrapolated)"
        if plain["extrapolated"]
        else "plain migrate_schemas --tenant"
    )
    print(f"\nNo-op deploy across {data['organisations']} organisations (seconds)\n")
    common.print_table(
        ["command", "seconds", "per schema"],
        [
            (
                f"migrate_all_schemas (median of {len(data['ours']['runs'])})",
                data["ours"]["median_seconds"],
                f"{data['ours']['median_seconds'] / data['tenant_schemas'] * 1000:.3f} ms",
            ),
            (label, plain["estimated_seconds_for_all"], f"{plain['seconds_per_schema']:.3f} s"),
        ],
    )
    resume = data["resume"]
    print(
        f"\nplain / ours: {data['plain_over_ours']:.0f}x. Resume: {len(resume['damaged'])} "
        f"schemas not current -> rerun migrated {len(resume['migrated'])}, skipped "
        f"{resume['skipped']}, in {resume['seconds']:.2f} s; a second rerun migrated "
        f"{resume['second_rerun_migrated']}."
    )
    common.write_json("migrations_noop", data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

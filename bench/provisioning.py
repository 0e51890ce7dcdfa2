"""Time to provision one new organisation while 1, 100, 1,000 … organisations already exist.

Both provisioning modes, measured alternately in one process so that a noisy machine affects
them alike: ``clone`` copies the prepared template schema (django-tenants' CloneSchema, then
fakes the migrations), ``migrate`` creates an empty schema and runs every tenant migration.
One sample is ``services.register_organisation(enqueue=False)`` plus
``services.provision_organisation``, the same calls the Celery task and ``seed_demo`` make.
Each measured organisation is purged again afterwards, so the count stays at the level.

    python -m bench.provisioning                      # levels 1,100,1000, 9 samples each
    python -m bench.provisioning --levels 1,50 --samples 3
"""

from __future__ import annotations

import argparse
import time
from contextlib import contextmanager
from typing import Any

from bench import common

MODES = ("clone", "migrate")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--levels", default="1,100,1000", help="organisations existing before each measurement"
    )
    parser.add_argument("--samples", type=int, default=9, help="provisionings per mode and level")
    parser.add_argument(
        "--no-analyze",
        action="store_true",
        help="skip ANALYZE after filling (catalogue statistics as the bulk fill left them)",
    )
    return parser.parse_args(argv)


@contextmanager
def provisioning_mode(mode: str, clone_timings: list[float]) -> Any:
    """Both settings the mode is made of, switched together, and clone calls timed."""
    from unittest import mock

    from django.test import override_settings
    from django_tenants.clone import CloneSchema

    original = CloneSchema.clone_schema

    def timed_clone(self: CloneSchema, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            clone_timings.append(time.perf_counter() - started)

    with (
        override_settings(
            TENANT_PROVISIONING_MODE=mode, TENANT_CREATION_FAKES_MIGRATIONS=(mode == "clone")
        ),
        mock.patch.object(CloneSchema, "clone_schema", timed_clone),
    ):
        yield


def measure_one(mode: str, slug: str) -> dict[str, float]:
    from tenants import services
    from tenants.models import OrganisationStatus

    clone_timings: list[float] = []
    with provisioning_mode(mode, clone_timings):
        cpu_started = time.process_time()
        started = time.perf_counter()
        organisation = services.register_organisation(
            name=slug, slug=slug, owner=common.bench_owner(), enqueue=False
        )
        registered = time.perf_counter()
        organisation = services.provision_organisation(organisation_id=organisation.pk)
        finished = time.perf_counter()
        cpu = time.process_time() - cpu_started
    # The mode really was the one asked for: a clone happened exactly in clone mode.
    assert organisation.status == OrganisationStatus.READY, organisation.provisioning_error
    assert len(clone_timings) == (1 if mode == "clone" else 0), (mode, clone_timings)
    common.remove(organisation)
    return {
        "total": finished - started,
        "register": registered - started,
        "provision": finished - registered,
        "clone_schema": sum(clone_timings),
        "python_cpu": cpu,  # this process's CPU; the rest is waiting, mostly on PostgreSQL
    }


def run(levels: list[int], samples: int, analyze: bool = True) -> dict[str, Any]:
    from django.conf import settings

    from tenants import services

    common.reset_database()
    filler = common.Filler()
    filler.fill_to(1)
    # Warm-up, not measured: the template schema and each code path once.
    with provisioning_mode("clone", []):
        services.ensure_template_schema()
    for mode in MODES:
        measure_one(mode, f"warmup-{mode}")

    results: list[dict[str, Any]] = []
    for level in sorted(levels):
        fill_seconds = filler.fill_to(level)
        if analyze:
            common.analyze()
        existing = common.organisation_count()
        print(f"level {level}: {existing} organisations ({fill_seconds:.0f} s to fill)", flush=True)
        runs: dict[str, list[dict[str, float]]] = {mode: [] for mode in MODES}
        for sample in range(samples):
            order = MODES if sample % 2 == 0 else tuple(reversed(MODES))
            for mode in order:
                runs[mode].append(measure_one(mode, f"bench-{mode}-{level}-{sample}"))
        assert common.organisation_count() == existing
        row: dict[str, Any] = {"level": level, "existing": existing, "samples": runs}
        for mode in MODES:
            row[f"{mode}_median"] = common.median(r["total"] for r in runs[mode])
            row[f"{mode}_python_cpu_median"] = common.median(r["python_cpu"] for r in runs[mode])
        row["clone_schema_median"] = common.median(r["clone_schema"] for r in runs["clone"])
        row["clone_over_migrate"] = row["clone_median"] / row["migrate_median"]
        # Each clone sample was taken right next to a migrate one: their ratios cancel slow
        # drifts in the machine's load better than a ratio of medians does.
        pairs = [
            c["total"] / m["total"] for c, m in zip(runs["clone"], runs["migrate"], strict=True)
        ]
        row["clone_over_migrate_paired"] = common.median(pairs)
        row["clone_faster_in_pairs"] = sum(1 for ratio in pairs if ratio < 1)
        print(
            f"  clone {row['clone_median']:.3f} s (CloneSchema {row['clone_schema_median']:.3f} s,"
            f" Python CPU {row['clone_python_cpu_median']:.3f} s), migrate "
            f"{row['migrate_median']:.3f} s (Python CPU {row['migrate_python_cpu_median']:.3f} s)",
            flush=True,
        )
        results.append(row)

    top = results[-1]
    faster = "clone" if top["clone_over_migrate_paired"] < 1 else "migrate"
    return {
        "levels": levels,
        "samples_per_mode": samples,
        "analyze_after_fill": analyze,
        "filler": filler.method,
        "configured_default": settings.TENANT_PROVISIONING_MODE,
        "results": results,
        "faster_at_largest_level": faster,
        "largest_level": top["level"],
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    levels = [int(v) for v in args.levels.split(",") if v.strip()]
    common.setup_django()
    data = run(levels, args.samples, analyze=not args.no_analyze)
    print(f"\nProvisioning one organisation, median of {args.samples} (seconds)\n")
    common.print_table(
        [
            "existing",
            "clone",
            "of which CloneSchema",
            "migrate",
            "clone/migrate",
            "paired ratio",
            "clone faster in",
        ],
        [
            (
                r["level"],
                r["clone_median"],
                r["clone_schema_median"],
                r["migrate_median"],
                f"{r['clone_over_migrate']:.2f}",
                f"{r['clone_over_migrate_paired']:.2f}",
                f"{r['clone_faster_in_pairs']}/{args.samples}",
            )
            for r in data["results"]
        ],
    )
    print(
        f"\nAt {data['largest_level']} organisations '{data['faster_at_largest_level']}' is "
        f"faster (configured default: '{data['configured_default']}')."
    )
    common.write_json("provisioning", data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

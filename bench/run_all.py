"""Run every benchmark, each in a process of its own, and print the headline figures.

Small sizes by default (a couple of minutes on a laptop); ``--full`` runs the sizes quoted in
docs/benchmarks.md. Every benchmark drops and recreates its own database (``wecreate_bench``,
see bench/common.py) and writes bench/results/<name>.json.

    python -m bench.run_all                  # what `make bench` runs
    python -m bench.run_all --full
    python -m bench.run_all --only requests
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from bench.common import BASE_DIR, RESULTS_DIR

SMALL = {
    "provisioning": ["--levels", "1,50", "--samples", "5"],
    "migrations_noop": ["--orgs", "100", "--plain-sample", "0", "--resume", "8"],
    "requests": ["--seconds", "5", "--rounds", "1"],
}
FULL = {
    "provisioning": ["--levels", "1,100,1000", "--samples", "9"],
    "migrations_noop": ["--orgs", "1000", "--plain-sample", "100", "--resume", "20"],
    "requests": ["--seconds", "10", "--rounds", "3"],
}


def headline(name: str) -> str:
    path = RESULTS_DIR / f"{name}.json"
    if not path.exists():
        return "no result"
    data = json.loads(path.read_text())
    if name == "provisioning":
        top = data["results"][-1]
        return (
            f"at {top['level']} organisations clone {top['clone_median']:.3f} s, migrate "
            f"{top['migrate_median']:.3f} s (paired ratio {top['clone_over_migrate_paired']:.2f})"
            f": '{data['faster_at_largest_level']}' is faster"
        )
    if name == "migrations_noop":
        plain = data["plain"]
        return (
            f"{data['organisations']} organisations: ours {data['ours']['median_seconds']:.3f} s, "
            f"plain {plain['estimated_seconds_for_all']:.0f} s"
            + (" (extrapolated)" if plain["extrapolated"] else "")
            + f"; resume migrated {len(data['resume']['migrated'])} of "
            f"{len(data['resume']['damaged'])} left behind"
        )
    if name == "requests":
        cached = data["servers"][0]
        gain = data.get("cache_gain", {}).get("organisation")
        return (
            f"organisation/public {cached['organisation_over_public']:.2f} "
            f"(target >= 0.5 {'met' if data['target_met'] else 'NOT met'})"
            + (f", host cache x{gain:.2f} for the organisation" if gain else "")
        )
    return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="the sizes in docs/benchmarks.md")
    parser.add_argument("--only", default="", help="comma-separated subset of " + ", ".join(SMALL))
    args = parser.parse_args(argv)
    sizes = FULL if args.full else SMALL
    names = [n.strip() for n in args.only.split(",") if n.strip()] or list(sizes)
    unknown = set(names) - set(sizes)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")

    outcomes: dict[str, tuple[int, float]] = {}
    for name in names:
        command = [sys.executable, "-m", f"bench.{name}", *sizes[name]]
        print(f"\n=== {name}: {' '.join(command[1:])}\n", flush=True)
        started = time.perf_counter()
        code = subprocess.run(command, cwd=BASE_DIR, check=False).returncode
        outcomes[name] = (code, time.perf_counter() - started)

    print("\n=== summary\n")
    for name, (code, seconds) in outcomes.items():
        status = headline(name) if code == 0 else f"FAILED (exit {code})"
        print(f"{name:16} {seconds:6.0f} s  {status}")
    return 0 if all(code == 0 for code, _ in outcomes.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())

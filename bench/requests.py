"""Requests per second of a trivial page on the public network and inside an organisation.

One run starts gunicorn (``config.wsgi``, sync workers) on 127.0.0.1 with the benchmark's
environment, checks that the two Host headers really route to the public network and to the
organisation, then loads ``/healthz`` on both alternately from a second process (N concurrent
clients on loopback). ``/healthz`` passes through the whole middleware stack, tenant routing
included. The same is then repeated on a second server with the host cache switched off
(``TENANT_CACHE_SECONDS=0``) to show what the cache buys. Target: the organisation reaches at
least half the public network's requests per second.

The load comes from ``wrk`` when it is installed (``--client auto``), otherwise from
bench/loadgen.py. Traffic goes to 127.0.0.1 only; every measurement is bounded in time.

    python -m bench.requests                          # 20 clients, 10 s, 2 rounds
    python -m bench.requests --seconds 5 --rounds 1
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench import common
from bench.server import LOOPBACK, Gunicorn, free_port, get

ORGANISATION_SLUG = "bench-org"
PATH = "/healthz"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20, help="concurrent connections")
    parser.add_argument("--seconds", type=float, default=10.0, help="per measurement")
    parser.add_argument("--rounds", type=int, default=2, help="measurements per host and server")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    parser.add_argument("--client", choices=["auto", "python", "wrk"], default="auto")
    parser.add_argument("--no-uncached", action="store_true", help="skip the cache-off server")
    return parser.parse_args(argv)


def check_routing(port: int, public_host: str, organisation_host: str) -> dict[str, Any]:
    """Both hosts answer /healthz, and the organisation's answer really came from it.

    /healthz answers 200 on any host, unknown ones included (they fall back to the public
    network), so the status alone proves nothing. ObservabilityMiddleware, after routing, sets
    ``Cache-Control: no-store`` on every answer from an organisation; answers routed to the
    public network keep never_cache's longer header. (Pages with templates are left out: they
    need ``collectstatic`` first when DEBUG is off.)
    """
    public_status, public_headers = get(port, public_host)
    org_status, org_headers = get(port, organisation_host)
    unknown_status, unknown_headers = get(port, f"no-such-organisation.{public_host}")
    checks = {
        "public": (public_status, public_headers.get("cache-control", "")),
        "organisation": (org_status, org_headers.get("cache-control", "")),
        "unknown_host": (unknown_status, unknown_headers.get("cache-control", "")),
    }
    ok = (
        public_status == org_status == unknown_status == 200
        and checks["organisation"][1] == "no-store"
        and checks["public"][1] != "no-store"
        and checks["unknown_host"][1] != "no-store"
    )
    if not ok:
        raise RuntimeError(f"routing is not what the benchmark expects: {checks}")
    return checks


def load(client: str, port: int, host: str, clients: int, seconds: float) -> dict[str, Any]:
    if client == "wrk":
        return load_wrk(port, host, clients, seconds)
    output = subprocess.run(
        [sys.executable, "-m", "bench.loadgen", "--port", str(port), "--host", host]
        + ["--path", PATH, "--clients", str(clients), "--seconds", str(seconds)],
        cwd=common.BASE_DIR,
        check=True,
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    ).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def load_wrk(port: int, host: str, clients: int, seconds: float) -> dict[str, Any]:
    threads = max(1, min(clients, os.cpu_count() or 1))
    output = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(clients), "-d", f"{max(1, round(seconds))}s"]
        + ["--latency", "-H", f"Host: {host}", f"http://{LOOPBACK}:{port}{PATH}"],
        check=True,
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    match = re.search(r"(\d+) requests in ([\d.]+)(\w+),", output)
    requests = int(match.group(1)) if match else 0
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    latency = {}
    for label, key in (("50%", "p50"), ("90%", "p90"), ("99%", "p99")):
        found = re.search(rf"{re.escape(label)}\s+([\d.]+)(us|ms|s)\b", output)
        if found:
            latency[key] = float(found.group(1)) * _UNITS[found.group(2)]
    bad = int(non_2xx.group(1)) if non_2xx else 0
    return {
        "client": "wrk",
        "host": host,
        "path": PATH,
        "clients": clients,
        "seconds": seconds,
        "requests": requests,
        "ok": requests - bad,
        "statuses": {"non-2xx/3xx": bad},
        "errors": errors.group(1) if errors else 0,
        "requests_per_second": rps * (requests - bad) / requests if requests else 0.0,
        "latency_ms": latency,
    }


def measure_server(
    name: str, extra_env: dict[str, str], hosts: dict[str, str], args: argparse.Namespace
) -> dict[str, Any]:
    from tenants.routing import forget_host

    for host in hosts.values():
        forget_host(host)  # a lookup cached by the previous server must not leak into this one
    port = args.port or free_port()
    log_dir = Path(tempfile.mkdtemp(prefix=f"wecreate-bench-gunicorn-{port}-"))
    server = Gunicorn(
        "config.wsgi", port, args.workers, log_dir=log_dir, access_log=False, extra_env=extra_env
    )
    try:
        server.wait_ready(hosts["public"])
        routing = check_routing(port, hosts["public"], hosts["organisation"])
        for host in hosts.values():  # warm-up: imports, connections, cache
            load(args.client, port, host, args.clients, 1.0)
        runs: dict[str, list[dict[str, Any]]] = {label: [] for label in hosts}
        for round_ in range(args.rounds):
            order = list(hosts) if round_ % 2 == 0 else list(reversed(hosts))
            for label in order:
                result = load(args.client, port, hosts[label], args.clients, args.seconds)
                if result["ok"] != result["requests"]:
                    raise RuntimeError(f"non-200 answers under load: {result}")
                runs[label].append(result)
                print(
                    f"  {name:8} {label:12} {result['requests_per_second']:7.0f} req/s"
                    f"  p50 {result['latency_ms'].get('p50', 0):.1f} ms",
                    flush=True,
                )
    finally:
        server.stop()
    medians = {
        label: common.median(r["requests_per_second"] for r in results)
        for label, results in runs.items()
    }
    pairs = [
        o["requests_per_second"] / p["requests_per_second"]
        for o, p in zip(runs["organisation"], runs["public"], strict=True)
    ]
    return {
        "server": name,
        "env": extra_env,
        "port": port,
        "routing_checks": routing,
        "runs": runs,
        "median_rps": medians,
        "organisation_over_public": medians["organisation"] / medians["public"],
        # Each round measured both hosts back to back: the median of those ratios cancels
        # slow drifts in the machine's load.
        "organisation_over_public_paired": common.median(pairs),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.client == "auto":
        args.client = "wrk" if shutil.which("wrk") else "python"
    common.setup_django()
    from django.conf import settings

    common.reset_database()
    organisation = common.provision(ORGANISATION_SLUG)
    hosts = {
        "public": settings.BASE_DOMAIN,
        "organisation": organisation.domains.get(is_primary=True).domain,
    }
    from django.db import connections

    connections.close_all()
    print(
        f"gunicorn -w {args.workers}, {args.clients} clients ({args.client}), "
        f"{args.seconds:.0f} s per measurement, {args.rounds} round(s)",
        flush=True,
    )
    servers = [measure_server("cached", {}, hosts, args)]
    if not args.no_uncached:
        servers.append(measure_server("uncached", {"TENANT_CACHE_SECONDS": "0"}, hosts, args))

    print(f"\nGET {PATH}, requests per second (median of {args.rounds})\n")
    rows = []
    for server in servers:
        for label in hosts:
            rows.append(
                (
                    f"{server['server']} / {label}",
                    server["median_rps"][label],
                    f"{server['organisation_over_public']:.2f}" if label == "organisation" else "",
                    f"{server['organisation_over_public_paired']:.2f}"
                    if label == "organisation"
                    else "",
                )
            )
    common.print_table(
        ["host cache / host", "req/s", "organisation/public", "paired by round"], rows
    )
    cached = servers[0]
    target_met = (
        min(cached["organisation_over_public"], cached["organisation_over_public_paired"]) >= 0.5
    )
    summary: dict[str, Any] = {
        "target": "organisation >= 0.5 x public (host cache on)",
        "target_met": target_met,
    }
    if len(servers) > 1:
        summary["cache_gain"] = {
            label: cached["median_rps"][label] / servers[1]["median_rps"][label] for label in hosts
        }
        gains = ", ".join(f"{k} x{v:.2f}" for k, v in summary["cache_gain"].items())
        print(f"\nhost cache on vs off: {gains}")
    print(
        f"organisation / public with the cache: {cached['organisation_over_public']:.2f} "
        f"(target >= 0.5: {'met' if target_met else 'NOT met'})"
    )
    common.write_json(
        "requests",
        {
            "client": args.client,
            "clients": args.clients,
            "seconds": args.seconds,
            "rounds": args.rounds,
            "workers": args.workers,
            "hosts": hosts,
            "servers": servers,
            **summary,
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

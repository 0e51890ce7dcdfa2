"""Issue #4: an organisation's intranet at scale, under load, in one run.

The database ``wecreate_bench4`` (kept between runs; never dropped) holds two organisations made
by ``manage.py seed_intranet``: ``bench`` with 20,000 members, 500 groups, 200,000 posts and
3,000 events, and ``bench-small`` (1,000 members, 50 groups, 10,000 posts, 150 events) for the
query counts. gunicorn (``-w 2``, sync workers) serves it on 127.0.0.1; a second process
(bench/loadgen.py's asyncio clients, 20 connections, Host ``bench.localhost``, a logged-in
member's session cookie) loads one page at a time:

- ``/healthz``: the minimal Django view every figure is compared with;
- ``/feed/``: the organisation's feed, first page;
- a deep feed page: ``/feed/?vor=<cursor>`` in the middle of the feed (keyset cursor);
- ``/gruppen/<slug>/``: the member's open group with the most posts;
- ``/termine/``: the calendar (upcoming events);
- ``/suche/?q=Mitgliederversammlung`` (a word in about one post in eight) and
  ``/suche/?q=Kassenprüfungsbericht`` (a rare word: a few dozen posts).

The member is an ordinary member (not an admin, so the visibility filters apply) in 12 groups.
The session is a real one (``SessionStore`` with the keys ``login()`` writes), sent as a cookie.

Each page is measured ``--rounds`` times (order reversed every other round); ratios pair each
round with ``/healthz`` of the same round and are medians over rounds. Latencies are taken by
the client (includes waiting for one of the two workers) and by the server (gunicorn's access
log, ``%(D)s``), which is what the target (p95 ≤ 50 ms) is about.

Before the load, a Django test client in a separate process counts the queries of every page in
both organisations, times each page without load, and EXPLAIN ANALYZEs every SELECT the pages
send in the large organisation (caught with CaptureQueriesContext, run as they were sent).
Results: bench/results/intranet.json.

    python -m bench.intranet                          # seed if needed; 20 clients, 10 s per page
    python -m bench.intranet --skip-seed --seconds 5 --rounds 1
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/wecreate_bench4"
LARGE = {
    "slug": "bench",
    "members": 20_000,
    "groups": 500,
    "posts": 200_000,
    "comments": 60_000,
    "reactions": 150_000,
    "events": 3_000,
}
SMALL = {
    "slug": "bench-small",
    "members": 1_000,
    "groups": 50,
    "posts": 10_000,
    "comments": 3_000,
    "reactions": 7_500,
    "events": 150,
}
STATIC_ROOT = Path(tempfile.gettempdir()) / "wecreate-bench4-static"
LOOPBACK = "127.0.0.1"
COMMON_WORD = "Mitgliederversammlung"
RARE_WORD = "Kassenprüfungsbericht"
TARGET_P95_MS = 50.0
INDEX_USE = re.compile(r"(?:Index (?:Only )?Scan(?: Backward)? using|Bitmap Index Scan on) (\S+)")
SEQ_SCAN = re.compile(r"Seq Scan on (\S+)")


def _environment(database_url: str) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url,
        "BENCH_DATABASE_URL": database_url,  # bench/common.py would otherwise pick its own
        "REDIS_URL": os.environ.get("BENCH_INTRANET_REDIS_URL", "redis://127.0.0.1:6379/11"),
        "BROKER_URL": os.environ.get("BENCH_INTRANET_BROKER_URL", "redis://127.0.0.1:6379/10"),
        "SECRET_KEY": "bench",
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "EMBEDDED_POSTGRES": "false",
        "BENCH_INTRANET_STATIC_ROOT": str(STATIC_ROOT),
    }


# Set before bench.common (and Django) read the environment.
os.environ.update(_environment(os.environ.get("BENCH_INTRANET_DATABASE_URL", DEFAULT_DATABASE_URL)))

from bench import common  # noqa: E402
from bench.loadgen import MAX_REQUESTS, Stats, client, percentile  # noqa: E402
from bench.server import Gunicorn, free_port  # noqa: E402


def patch_settings() -> None:
    common.patch_settings(Path(os.environ.get("BENCH_INTRANET_STATIC_ROOT", STATIC_ROOT)))


def wsgi() -> Any:
    """gunicorn's entry point: ``gunicorn 'bench.intranet:wsgi()'``."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    patch_settings()
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


# --- Database preparation ----------------------------------------------------------------


def manage(url: str, *args: str, timeout: float = 3 * 3600) -> str:
    return common.manage(url, _environment(url), *args, timeout=timeout)


def table_sizes(url: str, schema: str) -> dict[str, str]:
    import psycopg

    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT c.relname, pg_size_pretty(pg_total_relation_size(c.oid)) FROM pg_class c "
            "WHERE c.relnamespace = %s::regnamespace AND c.relkind = 'r' "
            "AND c.relname IN ('workspaces_post', 'threads_comment', "
            "'workspaces_reaction', 'workspaces_workspacemember', 'intranet_membership', "
            "'events_event', 'events_rsvp') ORDER BY 1",
            [schema],
        ).fetchall()
    return {str(name): str(size) for name, size in rows}


def _seed_timings(output: str) -> dict[str, float]:
    timings = {}
    for line in output.splitlines():
        match = re.match(r"\s+(.+?): ([0-9.]+) s$", line)
        if match:
            timings[match.group(1)] = float(match.group(2))
    return timings


def prepare(url: str, *, seed: bool) -> dict[str, Any]:
    """Database, schemas, public tenant, and both organisations' seed rows (each only if
    missing: seed_intranet skips what exists)."""
    started = time.perf_counter()
    common.ensure_database(url)
    manage(url, "migrate_schemas", "--verbosity", "0")  # shared and every tenant schema
    if not common.has_public_tenant(url):
        manage(url, "seed_demo")
    seeds: dict[str, Any] = {}
    if seed:
        for sizes in (LARGE, SMALL):
            args = [f"--{key}={value}" for key, value in sizes.items()]
            seed_started = time.perf_counter()
            output = manage(url, "seed_intranet", *args)
            seeds[str(sizes["slug"])] = {
                "seconds": round(time.perf_counter() - seed_started, 1),
                "steps": _seed_timings(output),
                "summary": output.strip().splitlines()[-1],
            }
    return {
        "database": common.database_name(url),
        "seed": seeds,
        "table_sizes": {
            "bench": table_sizes(url, "org_bench"),
            "bench-small": table_sizes(url, "org_bench_small"),
        },
        "seconds": round(time.perf_counter() - started, 1),
    }


# --- The probe: session, targets, query counts, unloaded timings, EXPLAIN ------------------


def _login(slug: str) -> tuple[str, str, int]:
    """A real session for the organisation's member m1 (what django.contrib.auth.login
    stores); returns (cookie name, session key, user id)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils.module_loading import import_string
    from django_tenants.utils import get_public_schema_name, schema_context

    from accounts.models import User

    with schema_context(get_public_schema_name()):
        user = User.objects.get(email=f"m1@{slug}.intranet-seed.test")
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        # The backend that loads the user back (the first one only refuses locked accounts).
        session[BACKEND_SESSION_KEY] = next(
            path
            for path in settings.AUTHENTICATION_BACKENDS
            if hasattr(import_string(path), "get_user")
        )
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
    return settings.SESSION_COOKIE_NAME, str(session.session_key), int(user.pk)


def _targets(slug: str) -> dict[str, Any]:
    """The pages, chosen on the data: the deep cursor, the member's biggest open group."""
    from django.conf import settings
    from django.db import connection
    from django_tenants.utils import schema_context

    from tenants.models import Organisation
    from workspaces.selectors import encode_cursor

    organisation = Organisation.objects.get(slug=slug)
    cookie, key, user_id = _login(slug)
    with schema_context(organisation.schema_name), connection.cursor() as cursor:
        cursor.execute("SELECT count(*), min(id), max(id) FROM workspaces_post")
        posts, low, high = cursor.fetchone()
        # The middle of the feed by id: a cursor about a year back.
        cursor.execute(
            "SELECT id FROM workspaces_post WHERE id <= %s ORDER BY id DESC LIMIT 1",
            [(low + high) // 2],
        )
        middle = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM workspaces_post WHERE id > %s", [middle]
        )  # rows newer than the cursor (all groups; the member reads fewer)
        newer = int(cursor.fetchone()[0])
        cursor.execute(
            """
            SELECT w.slug, w.member_count,
                   (SELECT count(*) FROM workspaces_post p WHERE p.workspace_id = w.id) AS posts
            FROM workspaces_workspace w
            JOIN workspaces_workspacemember m ON m.workspace_id = w.id AND m.user_id = %s
            WHERE w.visibility = 'open' ORDER BY posts DESC, w.id LIMIT 1
            """,
            [user_id],
        )
        group_slug, group_members, group_posts = cursor.fetchone()
        counts = {}
        for word in (COMMON_WORD, RARE_WORD):
            cursor.execute(
                "SELECT count(*) FROM workspaces_post WHERE to_tsvector('german'::regconfig, "
                "COALESCE(body, '')) @@ websearch_to_tsquery('german'::regconfig, %s)",
                [word],
            )
            counts[word] = int(cursor.fetchone()[0])
        cursor.execute(
            "SELECT count(*) FROM events_event WHERE ends_at > now()",
        )
        upcoming = int(cursor.fetchone()[0])
        cursor.execute(
            "SELECT count(*) FROM workspaces_workspacemember WHERE user_id = %s", [user_id]
        )
        member_groups = int(cursor.fetchone()[0])
        # The organisation-wide post with the most comments: the post page at its fullest.
        cursor.execute(
            "SELECT public_id, comment_count FROM workspaces_post WHERE workspace_id IS NULL"
            " ORDER BY comment_count DESC, id LIMIT 1"
        )
        busiest_post, busiest_comments = cursor.fetchone()
    return {
        "slug": slug,
        "host": f"{slug}.{settings.BASE_DOMAIN}",
        "schema": organisation.schema_name,
        "cookie": f"{cookie}={key}",
        "user_id": user_id,
        "member_groups": member_groups,
        "posts": int(posts),
        "deep_cursor_post_id": int(middle),
        "posts_newer_than_deep_cursor": newer,
        "group": {"slug": group_slug, "members": group_members, "posts": group_posts},
        "search_matches": counts,
        "upcoming_events": upcoming,
        "post": {"public_id": str(busiest_post), "comments": int(busiest_comments)},
        "pages": {
            "healthz": "/healthz",
            "feed_first": "/feed/",
            "feed_deep": f"/feed/?vor={encode_cursor(int(middle))}",
            "group": f"/gruppen/{group_slug}/",
            "post": f"/beitraege/{busiest_post}/",
            "calendar": "/termine/",
            "search_common": f"/suche/?q={quote(COMMON_WORD)}",
            "search_rare": f"/suche/?q={quote(RARE_WORD)}",
        },
    }


def _unbounded_count(sql: str) -> bool:
    """A ``COUNT(*)`` that may read the whole set: one without a ``LIMIT`` in the statement."""
    upper = sql.upper()
    return "COUNT(*)" in upper and " LIMIT " not in upper


def _explain(schema: str, sql: str) -> dict[str, Any]:
    """EXPLAIN (ANALYZE, BUFFERS), the second of two runs (warm cache), in the page's schema."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL search_path TO "{schema}", public')
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        cursor.fetchall()
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    execution = next(
        (
            float(line.split(":")[1].split()[0])
            for line in plan.splitlines()
            if "Execution Time" in line
        ),
        None,
    )
    return {
        "sql": sql,
        "plan": plan,
        "execution_ms": execution,
        "seq_scans": sorted(set(SEQ_SCAN.findall(plan))),
        "index_scans": sorted(set(INDEX_USE.findall(plan))),
    }


def probe(output: Path, slug: str, repeat: int, explain: bool) -> None:
    """Runs in its own process."""
    patch_settings()
    common.setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    targets = _targets(slug)
    cookie_name, cookie_value = targets["cookie"].split("=", 1)
    browser = Client(HTTP_HOST=targets["host"])
    browser.cookies[cookie_name] = cookie_value
    pages: dict[str, Any] = {}
    times: dict[str, list[float]] = {name: [] for name in targets["pages"]}
    for _ in range(repeat):  # interleaved over the pages
        for name, path in targets["pages"].items():
            started = time.perf_counter()
            browser.get(path)
            times[name].append((time.perf_counter() - started) * 1000)
    plans: dict[str, Any] = {}
    for name, path in targets["pages"].items():
        for _ in range(2):
            response = browser.get(path)
            if response.status_code != 200:
                raise RuntimeError(f"{slug}{path} answered {response.status_code}")
        with CaptureQueriesContext(connection) as queries:
            response = browser.get(path)
        sql = [q["sql"] for q in queries.captured_queries]
        content = response.content.decode()
        pages[name] = {
            "path": path,
            "queries": len(sql),
            "sql": [s[:600] for s in sql],
            "sql_ms": [q["time"] for q in queries.captured_queries],
            # COUNT(*) over a whole set. A count over a LIMITed subquery (the bell's "99+") and a
            # page's bounded GROUP BY counts are fine.
            "count_star": any(_unbounded_count(s) for s in sql),
            "offset": any(" OFFSET " in s.upper() for s in sql),
            "unloaded_ms_median": round(statistics.median(times[name][1:]), 2),
            "unloaded_ms_min": round(min(times[name][1:]), 2),
            "bytes": len(response.content),
            "posts_shown": content.count('class="post'),
        }
        if explain and name != "healthz":
            steps = [
                _explain(targets["schema"], s)
                for s in sql
                if s.lstrip().upper().startswith("SELECT") and "django_session" not in s
            ]
            steps.sort(key=lambda step: -(step["execution_ms"] or 0))
            plans[name] = {
                "execution_ms_total": round(sum(s["execution_ms"] or 0 for s in steps), 3),
                "slowest": steps[:4],
                "seq_scans": sorted({t for s in steps for t in s["seq_scans"]}),
            }
    result: dict[str, Any] = {"targets": targets, "pages": pages}
    if explain:
        result["explain"] = plans
    output.write_text(json.dumps(result, indent=2, default=str))


def run_probe(url: str, slug: str, repeat: int, explain: bool) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        path = Path(handle.name)
    try:
        env = {**os.environ, **_environment(url), "BENCH_INTRANET_DATABASE_URL": url}
        command = [sys.executable, "-m", "bench.intranet", "--probe", str(path), "--slug", slug]
        command += ["--probe-repeat", str(repeat)] + (["--probe-explain"] if explain else [])
        subprocess.run(command, cwd=common.BASE_DIR, env=env, check=True, timeout=1800)
        return dict(json.loads(path.read_text()))
    finally:
        path.unlink(missing_ok=True)


# --- Load ---------------------------------------------------------------------------------


async def _load(
    port: int, host: str, cookie: str, path: str, clients: int, seconds: float
) -> dict[str, Any]:
    """bench/loadgen.py's clients, with the member's session cookie."""
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: wecreate-bench\r\n"
        f"Cookie: {cookie}\r\nAccept: text/html\r\nConnection: close\r\n\r\n"
    ).encode()
    stats = Stats()
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(
        *(client(request, port, deadline, MAX_REQUESTS, stats) for _ in range(clients))
    )
    elapsed = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    ok = stats.statuses.get(200, 0)
    return {
        "path": path,
        "clients": clients,
        "seconds": elapsed,
        "requests": len(stats.latencies),
        "ok": ok,
        "statuses": {str(k): v for k, v in sorted(stats.statuses.items())},
        "errors": stats.errors,
        "requests_per_second": ok / elapsed if elapsed else 0.0,
        "latency_ms": {
            key: percentile(stats.latencies, fraction) * 1000
            for key, fraction in (("p50", 0.50), ("p95", 0.95), ("p99", 0.99))
        },
        "client_cpu_share": cpu / elapsed if elapsed else 0.0,
    }


def load(port: int, host: str, cookie: str, path: str, clients: int, seconds: float) -> Any:
    """Load from a second process (the cookie goes through the environment, not argv)."""
    output = subprocess.run(
        [sys.executable, "-m", "bench.intranet", "--loadgen", "--port", str(port)]
        + ["--host", host, "--path", path, "--clients", str(clients), "--seconds", str(seconds)],
        cwd=common.BASE_DIR,
        env={**os.environ, "BENCH_INTRANET_COOKIE": cookie},
        check=True,
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    ).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def measure(
    targets: dict[str, Any], args: argparse.Namespace, log_dir: Path
) -> dict[str, list[dict[str, Any]]]:
    pages: dict[str, str] = targets["pages"]
    host, cookie = targets["host"], targets["cookie"]
    port = free_port()
    server = Gunicorn("bench.intranet:wsgi()", port, args.workers, log_dir=log_dir)
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in pages}
    try:
        server.wait_ready("localhost")
        for path in pages.values():  # correctness and warm-up of both workers
            result = load(port, host, cookie, path, args.clients, min(2.0, args.seconds))
            if result["ok"] != result["requests"]:
                raise RuntimeError(f"{path}: {result['statuses']}; see {server.error_log}")
        for round_ in range(args.rounds):
            order = list(pages) if round_ % 2 == 0 else list(reversed(pages))
            for name in order:
                offset = server.log_offset()
                result = load(port, host, cookie, pages[name], args.clients, args.seconds)
                time.sleep(0.2)  # the last access-log lines
                result["server_ms"] = server.server_ms(offset)
                result["loadavg"] = os.getloadavg()[0]
                result["round"] = round_
                runs[name].append(result)
                print(
                    f"  round {round_ + 1} {name:14} {result['requests_per_second']:7.1f} req/s"
                    f"  server p50 {result['server_ms']['p50']:6.1f} p95 "
                    f"{result['server_ms']['p95']:6.1f} ms  client p95 "
                    f"{result['latency_ms']['p95']:7.1f} ms  load {result['loadavg']:.2f}"
                    + ("" if result["ok"] == result["requests"] else f"  {result['statuses']}"),
                    flush=True,
                )
    finally:
        server.stop()
    return runs


# --- Main -----------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="per page and round")
    parser.add_argument("--clients", type=int, default=20, help="concurrent connections")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--skip-seed", action="store_true", help="measure the data as it is")
    parser.add_argument("--database-url", default=os.environ["DATABASE_URL"])
    parser.add_argument("--probe-repeat", type=int, default=15, help="unloaded timings per page")
    parser.add_argument("--output", default="intranet", help="bench/results/<output>.json")
    # Internal modes (subprocesses of a run).
    parser.add_argument("--probe", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--slug", default=LARGE["slug"], help=argparse.SUPPRESS)
    parser.add_argument("--probe-explain", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--loadgen", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--host", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def collectstatic() -> None:
    """Template pages need the manifest when DEBUG is off; collected outside the checkout."""
    code = (
        "from bench import intranet; intranet.patch_settings(); "
        "import django; django.setup(); "
        "from django.core.management import call_command; "
        "call_command('collectstatic', interactive=False, verbosity=0)"
    )
    subprocess.run(
        [sys.executable, "-c", code], cwd=common.BASE_DIR, env=dict(os.environ), check=True
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.loadgen:
        seconds = min(args.seconds, 120.0)
        cookie = os.environ.get("BENCH_INTRANET_COOKIE", "")
        result = asyncio.run(_load(args.port, args.host, cookie, args.path, args.clients, seconds))
        print(json.dumps(result))
        return 0
    if args.probe:
        probe(args.probe, args.slug, args.probe_repeat, args.probe_explain)
        return 0

    url = args.database_url
    os.environ.update(_environment(url))
    os.environ["BENCH_INTRANET_DATABASE_URL"] = url  # gunicorn imports this module again
    print(f"Preparing {common.database_name(url)}", flush=True)
    database = prepare(url, seed=not args.skip_seed)
    print("Collecting static files into", STATIC_ROOT, flush=True)
    collectstatic()
    print("Counting queries, unloaded timings and EXPLAIN ANALYZE (test client)", flush=True)
    probes = {
        "large": run_probe(url, str(LARGE["slug"]), args.probe_repeat, explain=True),
        "small": run_probe(url, str(SMALL["slug"]), args.probe_repeat, explain=False),
    }
    targets = probes["large"]["targets"]
    pages = targets["pages"]
    print(
        f"gunicorn -w {args.workers} (sync), {args.clients} clients, {args.seconds:.0f} s per "
        f"page, {args.rounds} round(s); host {targets['host']}",
        flush=True,
    )
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="wecreate-bench4-") as log_dir:
        runs = measure(targets, args, Path(log_dir))
    summary = common.summarise(runs)
    queries = {
        name: {label: p["pages"][name]["queries"] for label, p in probes.items()} for name in pages
    }
    measured = [name for name in pages if name != "healthz"]
    targets_met = {
        f"server_p95_le_{TARGET_P95_MS:.0f}ms": {
            name: summary[name]["server_p95"] <= TARGET_P95_MS for name in measured
        },
        "queries_do_not_grow": {
            name: len(set(counts.values())) == 1 for name, counts in queries.items()
        },
        "no_unbounded_count": not any(
            p["count_star"] for probe_ in probes.values() for p in probe_["pages"].values()
        ),
        "no_offset": not any(
            p["offset"] for probe_ in probes.values() for p in probe_["pages"].values()
        ),
    }
    print(f"\nUnder load ({args.clients} clients), medians over {args.rounds} round(s)\n")
    common.print_table(
        ["page", "req/s", "x healthz", "srv p50", "srv p95", "srv p99", "cli p50", "cli p95"]
        + ["unloaded", "queries s/L"],
        [
            (
                name,
                row["rps"],
                f"{row['rps_over_healthz']:.3f}",
                row["server_p50"],
                row["server_p95"],
                row["server_p99"],
                row["client_p50"],
                row["client_p95"],
                probes["large"]["pages"][name]["unloaded_ms_median"],
                f"{queries[name]['small']}/{queries[name]['large']}",
            )
            for name, row in summary.items()
        ],
    )
    for name, plan in probes["large"].get("explain", {}).items():
        slowest = plan["slowest"][0] if plan["slowest"] else {}
        print(
            f"EXPLAIN {name:14} total {plan['execution_ms_total']} ms; slowest "
            f"{slowest.get('execution_ms')} ms {slowest.get('index_scans')}; seq scans "
            f"{plan['seq_scans']}"
        )
    loads = [r["loadavg"] for results in runs.values() for r in results]
    print(f"\nload average (1 min) during the run: {min(loads):.2f} to {max(loads):.2f}")
    print(f"\ntargets: {json.dumps(targets_met, indent=1)}")
    for probe_ in probes.values():  # the session key is not worth keeping in a file
        probe_["targets"]["cookie"] = "sessionid=…"
    common.write_json(
        args.output,
        {
            "workers": args.workers,
            "clients": args.clients,
            "seconds": args.seconds,
            "rounds": args.rounds,
            "loadavg_before": load_before,
            "loadavg_after": os.getloadavg(),
            "loadavg_during": {
                "min": min(loads),
                "median": common.median(loads),
                "max": max(loads),
            },
            "database": database,
            "targets": probes["large"]["targets"],
            "summary": summary,
            "queries_per_page": queries,
            "targets_met": targets_met,
            "probes": probes,
            "runs": runs,
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

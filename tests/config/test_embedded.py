"""The newcomer's path: no DATABASE_URL, no BROKER_URL — embedded PostgreSQL and SQL broker."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.embedded

BASE_DIR = Path(__file__).resolve().parents[2]

SCRIPT = """
import django
django.setup()
from django.conf import settings
from django.db import connection
from config.celery import app
assert settings.USING_EMBEDDED_POSTGRES, "expected the embedded server"
with connection.cursor() as cursor:
    cursor.execute("SHOW server_version")
    print("postgres", cursor.fetchone()[0])
assert app.conf.broker_url.startswith("sqla+postgresql+psycopg://"), app.conf.broker_url
with app.connection_for_write() as conn:
    queue = conn.SimpleQueue("embedded-check")
    queue.put({"hello": "broker"})
    message = queue.get(timeout=20)
    message.ack()
    print("broker", message.payload["hello"])
    queue.close()
"""


def test_without_urls_the_project_starts_its_own_postgres_and_broker() -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="wc-pg-")) / "data"
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "BROKER_URL", "REDIS_URL"}
    }
    env.update(
        {
            "EMBEDDED_PG_DIR": str(data_dir),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "TESTING": "true",
        }
    )
    try:
        result = subprocess.run(
            [sys.executable, "-c", SCRIPT],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        assert "postgres 18" in result.stdout
        assert "broker broker" in result.stdout
    finally:
        from config.embedded import stop_embedded

        stop_embedded(data_dir)
        shutil.rmtree(data_dir.parent, ignore_errors=True)

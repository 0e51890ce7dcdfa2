"""A real server for the browser tests: its own database, `runserver`, a Celery worker, Chromium.

The stack is the one `make run` starts (demo data included), on a database of its own so the
browser's committed data never meets the unit tests' transactions.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.e2e.chromium import CHROMIUM, missing_chromium

BASE_DIR = Path(__file__).resolve().parents[2]
# Its own name per checkout that runs browser tests side by side (E2E_DATABASE_NAME), and per
# parallel test process (`make test` runs two, each with its own live stack).
_TEST_PROCESS = os.environ.get("PYTEST_XDIST_WORKER", "")
E2E_DATABASE = os.environ.get("E2E_DATABASE_NAME", "wecreate_e2e") + (
    f"_{_TEST_PROCESS}" if _TEST_PROCESS else ""
)
CHROMIUM_MISSING = pytest.StashKey[str]()
STACK_CACHE_SUFFIX = "-stack"


@pytest.fixture(autouse=True)
def _fresh_stack_cache() -> Iterator[None]:
    """Each browser test starts with the stack's rate limits and caches afresh."""
    yield
    from tests.isolation import clear_caches

    clear_caches(STACK_CACHE_SUFFIX)


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    # Called with every collected item, not only this directory's: the e2e marker says which.
    for item in items:
        if item.get_closest_marker("e2e") is None:
            continue
        missing = missing_chromium(item.name)
        if missing is None:
            return  # Chromium is there: nothing to decide for the others either
        if missing.action == "skip":
            item.add_marker(pytest.mark.skip(reason=missing.reason))
        else:
            item.stash[CHROMIUM_MISSING] = missing.reason


def pytest_runtest_setup(item: Any) -> None:
    if CHROMIUM_MISSING in item.stash:
        pytest.fail(item.stash[CHROMIUM_MISSING], pytrace=False)


@dataclass
class LiveStack:
    port: int
    mail_dir: Path
    database_url: str

    def url(self, host: str = "localhost", path: str = "/") -> str:
        return f"http://{host}:{self.port}{path}"

    def mails(self) -> list[str]:
        return [
            p.read_text()
            for p in sorted(self.mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime)
        ]

    def wait_for_mail(self, needle: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for text in self.mails():
                if needle in text:
                    return text
            time.sleep(0.3)
        raise AssertionError(f"no e-mail containing {needle!r}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _database_urls() -> tuple[str, str]:
    """(admin URL, e2e database URL) on the same server as the project's database."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    host = db.get("HOST") or ""
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    if host.startswith("/"):
        return (
            f"postgresql://{auth}@/postgres?host={host}",
            f"postgresql://{auth}@/{E2E_DATABASE}?host={host}",
        )
    port = db.get("PORT") or 5432
    return (
        f"postgresql://{auth}@{host}:{port}/postgres",
        f"postgresql://{auth}@{host}:{port}/{E2E_DATABASE}",
    )


# One stack for all browser tests (starting one costs half a minute): the tests use different
# organisations and people where their data could meet.
@pytest.fixture(scope="session")
def live_stack() -> Iterator[LiveStack]:
    from django.conf import settings

    admin_url, database_url = _database_urls()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{E2E_DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{E2E_DATABASE}"')
    port = _free_port()
    mail_dir = Path(tempfile.mkdtemp(prefix="wc-mail-"))
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "BROKER_URL": settings.BROKER_URL if os.environ.get("BROKER_URL") else "",
        "DEBUG": "true",
        "TESTING": "false",
        # Connections end with each request: two test processes each run a stack beside their
        # own tests, and PostgreSQL allows a hundred clients.
        "DB_CONN_MAX_AGE": "0",
        # Its own cache keys: never entries the unit tests of this process left or read.
        "CACHE_KEY_PREFIX": settings.CACHE_KEY_PREFIX + STACK_CACHE_SUFFIX,
        "BASE_PORT": str(port),
        "EMAIL_URL": f"filemail:///{mail_dir}",  # absolute path: filemail:////tmp/…
        # Never shares messages with the unit tests' worker or another process's live stack.
        "CELERY_QUEUE": f"wecreate-e2e-{_TEST_PROCESS}" if _TEST_PROCESS else "wecreate-e2e",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    if not env["BROKER_URL"]:
        env.pop("BROKER_URL")  # embedded: the SQL transport on the e2e database
    logs = Path(tempfile.mkdtemp(prefix="wc-e2e-logs-"))
    # Payments as `make run` has them: the local Stripe double, webhooks signed and delivered.
    from billing import local_double

    stripe_log = open(logs / "stripe.log", "w")  # noqa: SIM115
    stripe_double, stripe_env = local_double.start(
        port=_free_port(), webhook_url=f"http://localhost:{port}/stripe/webhook/", log=stripe_log
    )
    env.update(stripe_env)
    manage = [sys.executable, "manage.py"]
    try:
        for command in (["migrate_schemas", "--shared", "-v0"], ["seed_demo"]):
            subprocess.run(
                manage + command,
                cwd=BASE_DIR,
                env=env,
                check=True,
                capture_output=True,
                timeout=300,
            )
    except subprocess.CalledProcessError as exc:
        stripe_double.terminate()
        raise RuntimeError(
            f"{' '.join(exc.cmd[1:])} failed:\n{exc.stderr.decode()[-3000:]}"
        ) from exc
    except BaseException:
        stripe_double.terminate()
        raise
    web_log, worker_log = open(logs / "web.log", "w"), open(logs / "worker.log", "w")  # noqa: SIM115
    processes = [
        subprocess.Popen(
            manage + ["runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=BASE_DIR,
            env=env,
            stdout=web_log,
            stderr=subprocess.STDOUT,
        ),
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=threads",
                "--concurrency=2",
                "--loglevel=WARNING",
                "-Q",
                env["CELERY_QUEUE"],
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=worker_log,
            stderr=subprocess.STDOUT,
        ),
        stripe_double,
    ]
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):  # noqa: S310
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError((logs / "web.log").read_text()[-3000:]) from None
                time.sleep(0.3)
        yield LiveStack(port=port, mail_dir=mail_dir, database_url=database_url)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        web_log.close()
        worker_log.close()
        stripe_log.close()
        shutil.rmtree(mail_dir, ignore_errors=True)
        if os.environ.get("E2E_KEEP_LOGS"):
            print(f"e2e logs in {logs}")
        else:
            shutil.rmtree(logs, ignore_errors=True)


# Module scope: Playwright's sync API runs an event loop in this thread, and Django refuses
# database work while one runs, so the browser must be gone before other tests start.
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="de-DE")
    context.set_default_timeout(20_000)
    page = context.new_page()
    yield page
    context.close()

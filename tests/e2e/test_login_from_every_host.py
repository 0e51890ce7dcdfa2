"""Logging in starting from each kind of host lands where the person started (issue: the
login form's CSP ``form-action`` used to stop the way back to an organisation's host)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from tenants.management.commands.seed_demo import DEMO_PASSWORD
from tests.e2e.conftest import CHROMIUM

pytestmark = pytest.mark.e2e

CUSTOM_DOMAIN = "intranet.gruene-mitte.test"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Like the shared one, but the custom domain resolves to this machine."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                f"--host-resolver-rules=MAP {CUSTOM_DOMAIN} 127.0.0.1",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def custom_domain(live_stack: Any) -> str:
    """A verified custom domain of the party (as a verified claim leaves it)."""
    with psycopg.connect(live_stack.database_url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO public.tenants_domain (domain, tenant_id, is_primary)"
            " SELECT %s, id, false FROM public.tenants_organisation WHERE slug = 'gruene-mitte'"
            " ON CONFLICT DO NOTHING",
            [CUSTOM_DOMAIN],
        )
    return CUSTOM_DOMAIN


def _log_in_from(page: Any, url: str) -> None:
    page.goto(url)
    page.click("header a:has-text('Anmelden')")
    page.wait_for_url(re.compile(r"//localhost:\d+/accounts/login/"))
    page.fill("input[name=login]", "emil@demo.wecreate.test")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]:not(.kern-btn--tertiary)")


@pytest.mark.parametrize("kind", ["root", "subdomain", "custom domain"])
def test_logging_in_lands_on_the_host_it_started_from(
    page: Any, live_stack: Any, custom_domain: str, kind: str
) -> None:
    host = {
        "root": "localhost",
        "subdomain": "gruene-mitte.localhost",
        "custom domain": custom_domain,
    }[kind]
    _log_in_from(page, live_stack.url(host, "/"))
    page.wait_for_url(re.compile(rf"//{re.escape(host)}:{live_stack.port}/$"), timeout=15_000)
    content = page.content()
    assert "Abmelden" in content  # logged in on this host
    if kind != "root":
        assert "Willkommen bei Grüne Mitte Leipzig" in content

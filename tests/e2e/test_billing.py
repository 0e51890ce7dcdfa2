"""Issue #5's journey in headless Chromium: an organisation admin upgrades to a paid plan with
the test card (local Stripe double), sees the plan active and a gated feature unlocked, and
the double's signed webhooks are processed by the worker."""

from __future__ import annotations

import re
import time

import psycopg
import pytest

from tests.e2e.test_foundation_journeys import log_in

pytestmark = pytest.mark.e2e

ORG = "gruene-mitte.localhost"


def _processed_events(database_url: str) -> list[str]:
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT type FROM billing_stripeevent WHERE processed_at IS NOT NULL ORDER BY id"
        ).fetchall()
    return [row[0] for row in rows]


def test_an_admin_upgrades_with_the_test_card_and_a_gated_feature_unlocks(page, live_stack) -> None:
    log_in(page, live_stack, "ben@demo.wecreate.test")
    page.goto(live_stack.url(ORG))
    page.click("main a:has-text('Anmelden')")
    page.wait_for_url(re.compile(r"gruene-mitte\.localhost:\d+/$"))

    page.goto(live_stack.url(ORG, "/einstellungen/api/"))
    assert page.locator("[data-testid=api-locked]").is_visible()

    page.click("nav summary:has-text('Verwalten')")  # admin pages sit in the header's menu
    page.click("nav a:has-text('Abrechnung')")
    assert page.locator("[data-testid=plan-status]").inner_text() == "Kostenloser Tarif"
    page.click("[data-plan=partei] button:has-text('Monatlich buchen')")
    page.wait_for_url(re.compile(r"/einstellungen/abrechnung/kasse/"))
    page.fill("input[name=card_number]", "4242 4242 4242 4242")
    page.fill("input[name=expiry]", "12/34")
    page.fill("input[name=cvc]", "123")
    page.click("button:has-text('Zahlungspflichtig buchen')")
    page.wait_for_url(re.compile(r"/einstellungen/abrechnung/$"))

    assert "Der Tarif Partei / Profi ist aktiv." in page.content()
    assert page.locator("[data-testid=plan-name]").inner_text() == "Partei / Profi"
    assert page.locator("[data-testid=plan-status]").inner_text() == "Aktiv"
    assert "API-Zugang" in page.locator("[data-testid=plan-features]").inner_text()
    assert "VISA endet auf 4242" in page.content()

    page.goto(live_stack.url(ORG, "/einstellungen/api/"))
    assert page.locator("[data-testid=api-unlocked]").is_visible()

    # Stripe's webhooks (signed by the double) reached the endpoint and the worker applied them.
    deadline = time.monotonic() + 30
    while "customer.subscription.created" not in _processed_events(live_stack.database_url):
        assert time.monotonic() < deadline, _processed_events(live_stack.database_url)
        time.sleep(0.5)

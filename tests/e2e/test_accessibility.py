"""A11Y-1: axe-core in Chromium finds no WCAG 2.1 A/AA violations on the main pages."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.test_foundation_journeys import log_in

pytestmark = pytest.mark.e2e

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def assert_accessible(page) -> None:
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


PUBLIC_PAGES = [
    "/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/impressum/",
    "/datenschutz/",
    "/barrierefreiheit/",
    "/partner/",
    "/partner/?art=tools",
]
INTRANET_PAGES = [
    "/",
    "/feed/",
    "/gruppen/",
    "/gruppen/neu/",
    "/termine/",
    "/termine/neu/",
    "/diskussionen/",
    "/dokumente/",
    "/mitglieder/",
    "/mitglieder/profil/",
    "/mitglieder/import/",
    "/suche/?q=Leipzig",
    "/einstellungen/",
    "/einstellungen/abrechnung/",
    "/einstellungen/api/",
    "/benachrichtigungen/",
]


def test_public_pages_logged_out(page, live_stack) -> None:
    for path in PUBLIC_PAGES:
        page.goto(live_stack.url("localhost", path))
        assert_accessible(page)
    page.goto(live_stack.url("gruene-mitte.localhost"))
    assert_accessible(page)
    page.goto(live_stack.url("gibt-es-nicht.localhost"))
    assert_accessible(page)
    # A first visitor's way in: the list, an impulse, and taking part without a password.
    page.goto(live_stack.url("localhost", "/impulse/"))
    assert_accessible(page)
    page.click("main a:has-text('Sonnensegel für den Spielplatz am Lindenauer Markt')")
    page.wait_for_url("**/impulse/*/")
    assert_accessible(page)
    impulse = page.url
    for button in ("Unterstützen", "Mitmachen"):
        page.goto(impulse)
        page.click(f"[data-testid=without-account] a:has-text('{button}')")
        page.wait_for_selector("[data-testid=without-account-form]")
        assert_accessible(page)


def test_main_pages_logged_in(page, live_stack) -> None:
    log_in(page, live_stack, "ben@demo.wecreate.test")
    page.goto(live_stack.url("localhost", "/organisationen/neu/"))
    assert_accessible(page)
    page.goto(live_stack.url("localhost", "/"))
    page.click("summary:has-text('Organisation wechseln')")
    assert_accessible(page)
    page.click("a:has-text('Grüne Mitte Leipzig')")
    page.wait_for_url("**/gruene-mitte.localhost*/**")
    for path in INTRANET_PAGES:
        page.goto(live_stack.url("gruene-mitte.localhost", path))
        assert_accessible(page)

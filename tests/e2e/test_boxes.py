"""Issue #12's first steps in headless Chromium: a citizen in Lindenau posts an impulse, two
neighbours offer help, the owner accepts one, the box opens, its members post there and an
outsider does not read along."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.e2e.test_accessibility import assert_accessible
from tests.e2e.test_foundation_journeys import log_in

pytestmark = pytest.mark.e2e

IDEA = "Gemeinschaftsgarten an der Josephstraße"
PHONE = {"width": 390, "height": 844}


def _shot(page, name: str) -> None:
    """Screenshots for a look at the pages, when E2E_SCREENSHOTS names a folder."""
    folder = os.environ.get("E2E_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _page(browser, email: str, live_stack, viewport: dict[str, int] | None = None):
    context = browser.new_context(
        locale="de-DE", viewport=viewport or {"width": 1280, "height": 900}
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    log_in(page, live_stack, email)
    return page


def _offer(page, live_stack, impulse_url: str, note: str) -> None:
    page.goto(impulse_url)
    page.click("a:has-text('Mitmachen')")
    page.wait_for_url(re.compile(r"/mitmachen/$"))
    assert_accessible(page)
    page.check("input[name=brings][value=time]")
    page.check("input[name=mode][value=in_person]")
    page.fill("textarea[name=note]", note)
    page.click("button:has-text('Hilfe anbieten')")
    page.wait_for_url(re.compile(r"/impulse/[0-9a-f-]{36}/$"))
    assert "Dein Hilfsangebot: Angeboten" in page.content()


def test_neighbours_offer_help_the_owner_accepts_and_the_box_opens(browser, live_stack) -> None:
    owner = _page(browser, "anna@demo.wecreate.test", live_stack)
    owner.goto(live_stack.url("localhost", "/impulse/neu/"))
    owner.select_option("select[name=kind]", "idea")
    owner.fill("input[name=title]", IDEA)
    owner.fill("textarea[name=body]", "Wir machen aus der Brache einen Garten für alle.")
    owner.get_by_label("Lindenau", exact=True).check()
    owner.click("button:has-text('Veröffentlichen')")
    owner.wait_for_url(re.compile(r"/impulse/[0-9a-f-]{36}/$"))
    impulse_url = owner.url

    emil = _page(browser, "emil@demo.wecreate.test", live_stack)
    _offer(emil, live_stack, impulse_url, "Ich habe samstags Zeit und eine Schubkarre.")
    clara = _page(browser, "clara@demo.wecreate.test", live_stack, PHONE)
    _offer(clara, live_stack, impulse_url, "Ich kann Beete planen.")
    _shot(clara, "box-offer-phone")

    owner.goto(impulse_url)
    assert "Mitstreiter:innen finden" in owner.content()
    offers = owner.locator("#angebote .offer")
    assert offers.count() == 2
    assert "Ich habe samstags Zeit und eine Schubkarre." in owner.content()
    assert_accessible(owner)
    _shot(owner, "box-offers-desktop")
    offers.filter(has_text="Emil").locator("button:has-text('Annehmen')").click()
    owner.wait_for_selector("text=ist jetzt in der Box")
    offers.filter(has_text="Clara").locator("button:has-text('Ablehnen')").click()
    owner.wait_for_selector("text=Abgelehnt.")
    assert "In Umsetzung" in owner.content()

    owner.click("#angebote a:has-text('Zur Box')")
    owner.wait_for_url(re.compile(r"/boxen/[\w-]+/$"))
    box_url = owner.url
    owner.fill("textarea[name=body]", "Erstes Treffen: Samstag, 10 Uhr, am Tor.")
    owner.click("form button:has-text('Veröffentlichen')")
    owner.wait_for_selector("text=Erstes Treffen: Samstag, 10 Uhr, am Tor.")
    assert_accessible(owner)
    _shot(owner, "box-desktop")

    emil.goto(live_stack.url("localhost", "/boxen/"))
    emil.click(f"text={IDEA}")
    emil.wait_for_url(box_url)
    assert "Erstes Treffen: Samstag, 10 Uhr, am Tor." in emil.content()

    clara.goto(box_url)  # declined: sees the box exists, not its posts, and may ask to join
    assert "Erstes Treffen" not in clara.content()
    assert clara.locator("button:has-text('Beitritt anfragen')").is_visible()
    _shot(clara, "box-outsider-phone")
    for page in (owner, emil, clara):
        page.context.close()

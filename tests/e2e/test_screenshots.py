"""The pages a first visitor and an organisation's admin meet, at desktop and phone width (the
first visitor reads, then supports an impulse with an e-mail link and no password): none
scrolls sideways, and with E2E_SCREENSHOTS set (scripts/screenshots.sh) each is saved for the
docs (docs/screenshots/)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.e2e.test_foundation_journeys import log_in

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
ORG = "kirche-lindenau.localhost"


def _check_and_shoot(page, name: str, width: str) -> None:
    # A full-page picture shows every card's picture, not only those a visitor scrolled to.
    page.evaluate(
        "document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')"
    )
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"{name} scrolls sideways by {overflow}px at {width} width"
    folder = os.environ.get("E2E_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_first_visit_at_each_width(browser, live_stack, width: str) -> None:
    context = browser.new_context(locale="de-DE", viewport=WIDTHS[width])
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto(live_stack.url())
    assert "So funktioniert WeCreate" in page.content()
    assert (
        "Sonnensegel für den Spielplatz am Lindenauer Markt" in page.content()
    )  # the demo network
    _check_and_shoot(page, "home", width)

    page.goto(live_stack.url("localhost", "/impulse/?district=lindenau"))
    _check_and_shoot(page, "impulse-list", width)
    page.click("main a:has-text('Sonnensegel für den Spielplatz am Lindenauer Markt')")
    page.wait_for_url(re.compile(r"/impulse/[0-9a-f-]{36}/$"))
    assert "In Umsetzung" in page.content()
    _check_and_shoot(page, "impulse", width)

    # Supporting needs no password: an e-mail address and the link sent to it.
    page.click("[data-testid=without-account] a:has-text('Unterstützen')")
    address = f"erstbesuch-{width}@example.org"
    page.fill("input[name=email]", address)
    page.fill("input[name=display_name]", f"Nachbarin ({width})")
    page.check("input[name=consent]")
    _check_and_shoot(page, "support-without-account", width)
    page.click("button:has-text('Link schicken')")
    page.wait_for_selector("[data-testid=link-sent]")
    mail = live_stack.wait_for_mail(address)
    link = re.search(r"http://\S+/mitmachen/bestaetigen/\S+/", mail)
    assert link, mail
    page.goto(link.group(0))
    page.click("[data-testid=confirm-participation]")
    page.wait_for_url(re.compile(r"/impulse/[0-9a-f-]{36}/$"))
    page.wait_for_selector("text=Unterstützung zurückziehen")
    assert "Danke! Deine Unterstützung zählt." in page.content()
    context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_an_organisation_admin_at_each_width(browser, live_stack, width: str) -> None:
    context = browser.new_context(locale="de-DE", viewport=WIDTHS[width])
    context.set_default_timeout(20_000)
    page = context.new_page()
    log_in(page, live_stack, "clara@demo.wecreate.test")
    page.goto(live_stack.url(ORG))
    page.click("main a:has-text('Anmelden')")
    page.wait_for_url(re.compile(r"kirche-lindenau\.localhost:\d+/$"))
    _check_and_shoot(page, "intranet-start", width)
    page.goto(live_stack.url(ORG, "/einstellungen/abrechnung/"))
    assert page.locator("[data-testid=plan-status]").is_visible()
    _check_and_shoot(page, "billing", width)
    context.close()

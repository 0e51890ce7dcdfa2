"""Friend circles in headless Chromium: a citizen creates one from "Meine Boxen", makes an
invitation link, a neighbour opens it and joins with the button; a revoked link says so."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.e2e.test_accessibility import assert_accessible
from tests.e2e.test_foundation_journeys import log_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _page(browser, email: str, live_stack, viewport: dict[str, int]):
    context = browser.new_context(locale="de-DE", viewport=viewport)
    context.set_default_timeout(20_000)
    page = context.new_page()
    log_in(page, live_stack, email)
    return page


def _shot(page, name: str) -> None:
    """Screenshots for a look at the pages, when E2E_SCREENSHOTS names a folder."""
    folder = os.environ.get("E2E_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"circle-{name}.png"), full_page=True)


@pytest.mark.parametrize(("size", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_a_friend_circle_is_created_and_joined_by_link(
    browser, live_stack, size: str, viewport: dict[str, int]
) -> None:
    name = f"Spieleabend Lindenau {size}"
    owner = _page(browser, "anna@demo.wecreate.test", live_stack, viewport)
    owner.goto(live_stack.url("localhost", "/boxen/"))
    _shot(owner, f"my-boxes-{size}")
    owner.click("a:has-text('Freundeskreis anlegen')")
    owner.wait_for_url(re.compile(r"/boxen/neu/$"))
    assert_accessible(owner)
    _shot(owner, f"form-{size}")
    owner.fill("input[name=name]", name)
    owner.fill("textarea[name=description]", "Jeden zweiten Freitag, Brettspiele und Suppe.")
    owner.click("button:has-text('Freundeskreis anlegen')")
    owner.wait_for_url(re.compile(r"/einstellungen/$"))
    owner.select_option("select[name=valid_days]", "7")
    owner.click("button:has-text('Einladungslink erstellen')")
    link = owner.input_value("#new-link")
    assert "/boxen/einladung/" in link
    assert_accessible(owner)
    _shot(owner, f"settings-{size}")

    guest = _page(browser, "emil@demo.wecreate.test", live_stack, viewport)
    guest.goto(link)
    assert name in guest.content()
    assert_accessible(guest)
    _shot(guest, f"invitation-{size}")
    guest.click("button:has-text('Beitreten')")
    guest.wait_for_url(re.compile(r"/boxen/[a-z0-9-]+/$"))
    assert "Willkommen" in guest.content()

    box_url = guest.url
    owner.goto(box_url)
    assert "Als Impuls veröffentlichen" in owner.content()
    _shot(owner, f"box-{size}")
    owner.goto(box_url + "einstellungen/")
    owner.click("#einladen ~ ul button:has-text('Zurückziehen')")
    owner.wait_for_selector("text=zurückgezogen")
    guest.goto(link)
    # (The guest, still a member, finds the circle in the header's box menu, not on the page.)
    main = guest.locator("main").inner_text()
    assert "Einladung nicht gültig" in main and name not in main
    _shot(guest, f"revoked-{size}")

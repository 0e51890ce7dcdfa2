"""The header's "Meine Boxen" menu: on a phone inside the menu behind the menu button, on a
desktop as a dropdown; it lists Anna's box (the demo's sun sails) and leads there, and there
the "Fortschritt" tab opens the box's progress log."""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_accessibility import assert_accessible
from tests.e2e.test_foundation_journeys import log_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_box_menu_leads_to_my_box_and_its_progress_log(browser, live_stack, viewport) -> None:
    context = browser.new_context(locale="de-DE", viewport=viewport)
    context.set_default_timeout(20_000)
    page = context.new_page()
    log_in(page, live_stack, "anna@demo.wecreate.test")
    page.goto(live_stack.url("localhost", "/impulse/"))
    if viewport is PHONE:
        page.locator("[data-site-menu-button]").click()
    account = page.get_by_role("navigation", name="Konto")
    account.locator(".box-switcher summary").click()
    box_link = account.locator(".box-switcher .site-dropdown__list a").first
    assert box_link.is_visible()
    assert account.get_by_role("link", name="Übersicht meiner Boxen").is_visible()
    assert_accessible(page)
    box_link.click()
    page.wait_for_url(re.compile(r"/boxen/[\w-]+/$"))
    page.get_by_role("link", name="Fortschritt", exact=True).first.click()
    page.wait_for_url(re.compile(r"/boxen/[\w-]+/fortschritt/$"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Fortschritt von")
    context.close()

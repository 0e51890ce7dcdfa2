"""Mentions as people type them, in headless Chromium: in the demo's box, "@Fr" offers the
box's member Frieda (and nobody else of the network); Enter takes the name into the post."""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_foundation_journeys import log_in

pytestmark = pytest.mark.e2e


def test_typing_an_at_sign_offers_the_boxs_members(browser, live_stack) -> None:
    context = browser.new_context(locale="de-DE")
    context.set_default_timeout(20_000)
    page = context.new_page()
    log_in(page, live_stack, "anna@demo.wecreate.test")
    page.goto(live_stack.url("localhost", "/boxen/"))
    page.click("main a:has-text('Sonnensegel für den Spielplatz')")
    page.wait_for_url(re.compile(r"/boxen/[\w-]+/$"))
    field = page.locator("textarea[name=body]").first
    field.click()
    field.press_sequentially("Danke @Fr", delay=30)
    option = page.locator(".mention-list [role=option]", has_text="Frieda (Lindenau)")
    option.wait_for()
    assert field.get_attribute("aria-expanded") == "true"
    assert page.locator(".mention-list [role=option]").count() == 1  # the box's members only
    field.press("Enter")
    assert field.input_value() == "Danke @Frieda (Lindenau) "
    field.press_sequentially("für den Anruf!", delay=10)
    page.click("main button:has-text('Veröffentlichen')")
    page.wait_for_load_state()
    assert "Danke @Frieda (Lindenau) für den Anruf!" in page.locator("main").inner_text()
    context.close()

"""Issue 18, items 6 and 7 in Chromium: on a phone the impulse list shows its results first and
the filter behind a button; the district search narrows the choices; the impulse form asks for
date and place only for events. With axe on each state."""

from __future__ import annotations

import pytest

from tests.e2e.test_accessibility import assert_accessible
from tests.e2e.test_foundation_journeys import log_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def test_the_phone_filter_sits_behind_a_button_and_districts_can_be_searched(
    browser, live_stack
) -> None:
    phone = browser.new_context(locale="de-DE", viewport=PHONE).new_page()
    phone.goto(live_stack.url("localhost", "/impulse/"))
    toggle = phone.locator("[data-filter-toggle]")
    form = phone.locator("#impulse-filter")
    assert toggle.is_visible() and not form.is_visible()
    assert phone.locator("#results").is_visible()
    assert_accessible(phone)
    toggle.click()
    assert form.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    search = phone.locator("#impulse-filter input.option-search")
    search.fill("lind")
    options = phone.locator("select[name=district] option:not([hidden])")
    shown = options.all_text_contents()
    assert "Lindenau" in shown and "Gohlis-Süd" not in shown and "Alle Stadtteile" in shown
    assert_accessible(phone)
    phone.select_option("select[name=district]", label="Lindenau")
    phone.wait_for_url("**district=lindenau**")  # htmx keeps the filter state in the address
    assert toggle.inner_text().strip() == "Filter (1)"
    phone.context.close()

    desktop = browser.new_context(locale="de-DE", viewport=DESKTOP).new_page()
    desktop.goto(live_stack.url("localhost", "/impulse/"))
    assert desktop.locator("#impulse-filter").is_visible()
    assert not desktop.locator("[data-filter-toggle]").is_visible()
    desktop.context.close()


def test_the_impulse_form_shows_event_fields_only_for_events(browser, live_stack) -> None:
    page = browser.new_context(locale="de-DE", viewport=DESKTOP).new_page()
    log_in(page, live_stack, "anna@demo.wecreate.test")
    page.goto(live_stack.url("localhost", "/impulse/neu/"))
    event_fields = page.locator("[data-event-fields]")
    page.select_option("select[name=kind]", "idea")
    assert not event_fields.is_visible()
    assert_accessible(page)
    page.select_option("select[name=kind]", "event")
    assert event_fields.is_visible() and page.locator("input[name=starts_at]").is_visible()
    page.locator("#id_districts-search").fill("plagw")
    assert page.get_by_label("Plagwitz", exact=True).is_visible()
    assert not page.get_by_label("Lindenau", exact=True).is_visible()
    assert_accessible(page)
    # A failed submission (no title) comes back with its errors, still accessible.
    page.click("button:has-text('Als Entwurf speichern')")
    page.wait_for_selector(".kern-error")
    assert event_fields.is_visible()  # still an event
    assert_accessible(page)
    page.context.close()

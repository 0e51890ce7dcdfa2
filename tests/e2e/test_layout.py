"""Layout at phone width (390 px) in headless Chromium: buttons hold their labels, tables and
pages do not run out of the screen (issue: plan buttons cut off, "Folgen" overflowing)."""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_foundation_journeys import log_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
ORG = "kirche-lindenau.localhost"

# Each button's box, its card's box and how wide its label wants to be.
BOXES = """els => els.map(b => {
  const card = b.closest('.plan-card').getBoundingClientRect();
  const r = b.getBoundingClientRect();
  const label = b.querySelector('.kern-label');
  return {left: r.left, right: r.right, width: r.width, labelWidth: label.scrollWidth,
          cardLeft: card.left, cardRight: card.right};
})"""


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_plan_buttons_fit_their_cards_on_a_phone(page, live_stack) -> None:
    page.set_viewport_size(PHONE)
    log_in(page, live_stack, "clara@demo.wecreate.test")
    page.goto(live_stack.url(ORG))
    page.click("main a:has-text('Anmelden')")
    page.wait_for_url(re.compile(r"kirche-lindenau\.localhost:\d+/$"))
    page.goto(live_stack.url(ORG, "/einstellungen/abrechnung/"))
    boxes = page.eval_on_selector_all(".plan-card__actions .kern-btn", BOXES)
    assert len(boxes) >= 2
    for box in boxes:
        assert box["left"] >= box["cardLeft"] and box["right"] <= box["cardRight"], box
        assert box["width"] >= box["labelWidth"], box  # the label is not cut off
    _no_sideways_scroll(page)


def test_the_follow_button_holds_its_label_and_the_impact_tables_fit(page, live_stack) -> None:
    page.set_viewport_size(PHONE)
    log_in(page, live_stack, "anna@demo.wecreate.test")
    page.goto(live_stack.url(path="/organisation/kirche-lindenau/"))
    button = page.locator(".follow-box button").first
    width, label = button.evaluate(
        "b => [b.getBoundingClientRect().width, b.querySelector('.kern-label').scrollWidth]"
    )
    assert width >= label
    _no_sideways_scroll(page)
    page.goto(live_stack.url(path="/wirkung/leipzig/"))
    _no_sideways_scroll(page)
    # Each district reads as a block with the column names beside the numbers.
    cell = page.locator(".impact-table tbody td").first
    assert cell.evaluate("c => getComputedStyle(c, '::before').content") != "none"


def test_my_activity_opens_from_the_account_menu_on_a_phone(page, live_stack) -> None:
    page.set_viewport_size(PHONE)
    log_in(page, live_stack, "anna@demo.wecreate.test")
    page.goto(live_stack.url())
    page.click("button:has-text('Menü')")
    page.click("nav a:has-text('Meine Aktivität')")
    page.wait_for_url(re.compile(r"/meine-aktivitaet/$"))
    for section in ("my-impulses", "my-supports", "my-comments", "my-offers", "my-boxes"):
        assert page.locator(f"[data-testid={section}]").is_visible()
    _no_sideways_scroll(page)


def test_a_new_organisations_start_page_shows_first_steps_on_a_phone(page, live_stack) -> None:
    page.set_viewport_size(PHONE)
    log_in(page, live_stack, "deniz@demo.wecreate.test")
    page.goto(live_stack.url("verdi-leipzig.localhost"))
    page.click("main a:has-text('Anmelden')")
    page.wait_for_url(re.compile(r"verdi-leipzig\.localhost:\d+/$"))
    steps = page.locator("[data-testid=first-steps]")
    assert steps.is_visible()
    assert "Logo hochladen" in steps.inner_text()
    assert page.locator("[data-testid=events]").inner_text().count("Mitgliederversammlung") == 1
    _no_sideways_scroll(page)

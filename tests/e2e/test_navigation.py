"""The site header on a phone: the menu button opens and closes the navigation; the footer's
legal pages and the favicon answer on the network's host and on an organisation's host."""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_accessibility import assert_accessible
from tests.e2e.test_foundation_journeys import log_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
ORG = "kirche-lindenau.localhost"


def _assert_menu_opens_and_closes(page, link: str) -> None:
    button = page.locator("[data-site-menu-button]")
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    assert button.is_visible()
    assert button.get_attribute("aria-expanded") == "false"
    assert button.get_attribute("aria-controls") == "site-menu"
    assert not nav.is_visible()
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    assert nav.get_by_role("link", name=link).is_visible()
    assert page.get_by_role("button", name="Abmelden").is_visible()
    assert_accessible(page)
    page.keyboard.press("Escape")  # focus is on the button: Escape closes the menu again
    assert button.get_attribute("aria-expanded") == "false"
    assert not nav.is_visible()
    page.keyboard.press("Enter")  # and the keyboard opens it
    assert button.get_attribute("aria-expanded") == "true"
    assert nav.is_visible()


def _assert_footer_links_answer(page, network_url: str) -> None:
    footer = page.get_by_role("navigation", name="Rechtliches")
    for name, path in (
        ("Impressum", "impressum/"),
        ("Datenschutz", "datenschutz/"),
        ("Barrierefreiheit", "barrierefreiheit/"),
    ):
        href = footer.get_by_role("link", name=name).get_attribute("href")
        assert href == network_url + path  # on every host: the network's own page
        response = page.request.get(href)
        assert response.status == 200, href
        assert name in response.text()


def test_on_a_phone_the_menu_button_opens_the_navigation_and_the_footer_links_answer(
    browser, live_stack
) -> None:
    context = browser.new_context(locale="de-DE", viewport=PHONE)
    context.set_default_timeout(20_000)
    page = context.new_page()
    network_url = live_stack.url("localhost")
    log_in(page, live_stack, "clara@demo.wecreate.test")
    page.goto(network_url)
    _assert_menu_opens_and_closes(page, "Impulse")
    _assert_footer_links_answer(page, network_url)

    log_in(page, live_stack, "clara@demo.wecreate.test", host=ORG)
    page.goto(live_stack.url(ORG, "/gruppen/"))
    _assert_menu_opens_and_closes(page, "Neuigkeiten")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Termine"
    ).click()
    page.wait_for_url(re.compile(r"/termine/$"))
    _assert_footer_links_answer(page, network_url)
    context.close()


def test_the_favicon_answers_on_every_host(page, live_stack) -> None:
    # page.goto, not page.request: only the browser resolves *.localhost.
    for host in ("localhost", ORG):
        page.goto(live_stack.url(host))
        icon = page.locator("link[rel=icon]").get_attribute("href")
        response = page.goto(live_stack.url(host, "/favicon.ico"))
        assert response.status == 200, host
        assert response.url == live_stack.url(host, icon)  # redirected to the static file
        assert response.headers["content-type"].startswith("image/svg+xml")

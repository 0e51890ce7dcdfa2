"""Real journeys in headless Chromium against the running stack (web + worker + database)."""

from __future__ import annotations

import re

import pytest

from tenants.management.commands.seed_demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e


def log_in(page, stack, email: str, host: str = "localhost") -> None:
    page.goto(stack.url(host, "/accounts/login/"))
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]:not(.kern-btn--tertiary)")
    page.wait_for_load_state()


def test_one_login_opens_the_network_and_each_organisation_and_logout_ends_it(
    page, live_stack
) -> None:
    log_in(page, live_stack, "emil@demo.wecreate.test")
    # The organisation's host has its own cookie jar: "Anmelden" hands the login over.
    page.goto(live_stack.url("gruene-mitte.localhost"))
    page.click("main a:has-text('Anmelden')")
    page.wait_for_url(re.compile(r"gruene-mitte\.localhost:\d+/$"))
    assert "Willkommen bei Grüne Mitte Leipzig" in page.content()
    # Switch organisation from the navigation.
    page.click("summary:has-text('Organisation wechseln')")
    page.click("a:has-text('ver.di Leipzig')")
    page.wait_for_url(re.compile(r"//verdi-leipzig\.localhost:\d+/$"))
    assert "Willkommen bei ver.di Leipzig" in page.content()
    page.click("button:has-text('Abmelden')")
    page.wait_for_load_state()
    page.goto(live_stack.url("kirche-lindenau.localhost"))
    assert "Bitte melde dich an" in page.content()


def test_an_unknown_organisation_address_gets_a_friendly_page(page, live_stack) -> None:
    response = page.goto(live_stack.url("gibt-es-nicht.localhost"))
    assert response.status == 404
    assert "Diese Adresse kennen wir nicht" in page.content()


def test_an_admin_invites_by_email_and_the_new_member_joins(page, browser, live_stack) -> None:
    log_in(page, live_stack, "ben@demo.wecreate.test", host="gruene-mitte.localhost")
    page.goto(live_stack.url("gruene-mitte.localhost", "/mitglieder/"))
    page.fill("input[name=email]", "neu.mitglied@example.org")
    page.select_option("select[name=role]", "member")
    page.click("button:has-text('Einladung senden')")
    assert "Die Einladung ist unterwegs" in page.content()

    mail = live_stack.wait_for_mail("neu.mitglied@example.org")  # sent by the Celery worker
    found = re.search(r"http://\S+/einladung/\S+/", mail)
    assert found, mail
    link = found.group(0)

    newcomer = browser.new_context(locale="de-DE").new_page()
    newcomer.goto(link)
    newcomer.fill("input[name=display_name]", "Neues Mitglied")
    newcomer.fill("input[name=password]", "ein-langes-passwort-2026")
    newcomer.click("button:has-text('Konto anlegen und beitreten')")
    newcomer.wait_for_url(re.compile(r"gruene-mitte\.localhost:\d+/$"))
    assert "Willkommen bei Grüne Mitte Leipzig" in newcomer.content()
    newcomer.goto(link)
    assert "bereits angenommen" in newcomer.content()
    newcomer.context.close()


def test_a_citizen_creates_an_organisation_and_waits_for_its_space(page, live_stack) -> None:
    log_in(page, live_stack, "anna@demo.wecreate.test")
    page.goto(live_stack.url("localhost", "/organisationen/neu/"))
    page.fill("input[name=name]", "Nachbarschaftshilfe Grünau")
    page.fill("input[name=slug]", "nachbarn-gruenau")
    page.select_option("select[name=kind]", "association")
    page.click("button:has-text('Anlegen')")
    # The page answers at once; htmx polls until the worker has made the schema.
    page.wait_for_selector("text=Zum Intranet", timeout=60_000)
    page.click("text=Zum Intranet")
    page.wait_for_url(re.compile(r"//nachbarn-gruenau\.localhost:\d+/$"))
    assert "Willkommen bei Nachbarschaftshilfe Grünau" in page.content()


def test_the_interface_switches_to_english(page, live_stack) -> None:
    page.goto(live_stack.url())
    page.click("button:has-text('English')")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"

"""Issue #3's journey in headless Chromium: sign up, post an idea in Lindenau, find it by
search, support and comment on it; an organisation posts an event into the district feed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.e2e.test_foundation_journeys import log_in

pytestmark = pytest.mark.e2e

IDEA = "Trinkwasserbrunnen am Lindenauer Markt"


def sign_up(page, stack, email: str, password: str, name: str = "") -> None:
    page.goto(stack.url("localhost", "/accounts/signup/"))
    page.fill("input[name=email]", email)
    if name:
        page.fill("input[name=display_name]", name)
    page.fill("input[name=password1]", password)
    page.fill("input[name=password2]", password)
    page.click("form button[type=submit]:not(.kern-btn--tertiary)")
    mail = stack.wait_for_mail(email)
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail)
    assert link, mail
    page.goto(link.group(0))
    page.click("form button[type=submit]:not(.kern-btn--tertiary)")
    page.wait_for_load_state()


def test_citizens_post_find_support_and_discuss_an_idea(browser, live_stack) -> None:
    author = browser.new_context(locale="de-DE").new_page()
    sign_up(author, live_stack, "frieda@example.org", "ein-sehr-gutes-passwort-2026", "Frieda W.")
    author.goto(live_stack.url("localhost", "/impulse/neu/"))
    author.select_option("select[name=kind]", "idea")
    author.fill("input[name=title]", IDEA)
    author.fill("textarea[name=body]", "Im Sommer fehlt **Trinkwasser** auf dem Markt.")
    author.get_by_label("Lindenau", exact=True).check()
    author.click("button:has-text('Veröffentlichen')")
    author.wait_for_url(re.compile(r"/impulse/[0-9a-f-]{36}/$"))
    assert IDEA in author.content() and "<strong>Trinkwasser</strong>" in author.content()
    assert "Frieda W." in author.content()  # the name chosen at sign-up, not "Mitglied"

    reader = browser.new_context(locale="de-DE").new_page()
    log_in(reader, live_stack, "anna@demo.wecreate.test")
    reader.goto(live_stack.url("localhost", "/impulse/"))
    reader.fill("input[name=q]", "Trinkwasserbrunnen Lindenau")
    reader.click("button:has-text('Filtern')")
    reader.wait_for_url(re.compile(r"q=Trinkwasserbrunnen"))  # the filter state is in the address
    assert reader.locator("#results article").count() == 1
    reader.click(f"text={IDEA}")
    reader.wait_for_url(re.compile(r"/impulse/[0-9a-f-]{36}/$"))
    reader.check("input[name=show_name]")
    reader.click("button:has-text('Unterstützen')")
    reader.wait_for_selector("text=Unterstützung zurückziehen")
    assert "<strong>1</strong> Unterstützung" in reader.content()
    reader.fill("textarea[name=body]", "Gute Idee, ich helfe beim Aufstellen!")
    reader.click("button:has-text('Kommentieren')")
    reader.wait_for_selector("#comments >> text=Gute Idee, ich helfe beim Aufstellen!")
    # The author learns about it in the notification centre (made by the worker after commit).
    for _attempt in range(20):
        author.goto(live_stack.url("localhost", "/benachrichtigungen/"))
        if IDEA in author.content():
            break
        author.wait_for_timeout(500)
    assert IDEA in author.content()
    author.context.close()
    reader.context.close()


def test_an_organisation_posts_an_event_into_the_district_calendar(page, live_stack) -> None:
    log_in(page, live_stack, "ben@demo.wecreate.test")
    page.goto(live_stack.url("localhost", "/impulse/neu/"))
    page.select_option("select[name=kind]", "event")
    page.fill("input[name=title]", "Stadtteilfest Lindenau")
    page.fill("textarea[name=body]", "Musik, Essen und Ideen für Lindenau.")
    page.get_by_label("Lindenau", exact=True).check()
    start = timezone.localtime(timezone.now() + timedelta(days=10)).replace(hour=15, minute=0)
    page.fill("input[name=starts_at]", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=place_name]", "Lindenauer Markt")
    page.select_option("select[name=organisation]", label="Grüne Mitte Leipzig")
    page.click("button:has-text('Veröffentlichen')")
    page.wait_for_url(re.compile(r"/impulse/[0-9a-f-]{36}/$"))
    assert "Grüne Mitte Leipzig" in page.content()
    assert "Verifizierte Organisation" not in page.content()  # ORG-1: not verified by staff
    feed = page.request.get(
        live_stack.url("localhost", "/staedte/leipzig/bezirke/lindenau/termine.ics")
    )
    assert feed.ok and "SUMMARY:Stadtteilfest Lindenau" in feed.text()
    borough = page.request.get(
        live_stack.url("localhost", "/staedte/leipzig/bezirke/alt-west/termine.ics")
    )
    assert "SUMMARY:Stadtteilfest Lindenau" in borough.text()

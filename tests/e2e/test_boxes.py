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
    emil.click(f"main >> text={IDEA}")
    emil.wait_for_url(box_url)
    assert "Erstes Treffen: Samstag, 10 Uhr, am Tor." in emil.content()

    clara.goto(box_url)  # declined: sees the box exists, not its posts, and may ask to join
    assert "Erstes Treffen" not in clara.content()
    assert clara.locator("button:has-text('Beitritt anfragen')").is_visible()
    _shot(clara, "box-outsider-phone")
    for page in (owner, emil, clara):
        page.context.close()


def _picture(tmp_path: Path) -> str:
    from PIL import Image

    path = tmp_path / "sonnensegel.png"
    Image.new("RGB", (640, 360), (40, 140, 60)).save(path)
    return str(path)


def _local(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def test_from_an_impulse_to_a_done_report_in_one_box(browser, live_stack, tmp_path) -> None:
    """Issue #12's "done when": an impulse in Lindenau, two offers, the box, a task taken and
    done, an event answered, the progress log on the impulse page, the impulse done with a
    photo; a friend circle stays invisible to an outsider."""
    from datetime import datetime, timedelta

    title = "Sonnensegel für den Spielplatz an der Merseburger Straße"
    owner = _page(browser, "anna@demo.wecreate.test", live_stack)
    owner.goto(live_stack.url("localhost", "/impulse/neu/"))
    owner.select_option("select[name=kind]", "idea")
    owner.fill("input[name=title]", title)
    owner.fill("textarea[name=body]", "Schatten für den Spielplatz, gemeinsam aufgehängt.")
    owner.get_by_label("Lindenau", exact=True).check()
    owner.click("button:has-text('Veröffentlichen')")
    owner.wait_for_url(re.compile(r"/impulse/[0-9a-f-]{36}/$"))
    impulse_url = owner.url

    emil = _page(browser, "emil@demo.wecreate.test", live_stack)
    _offer(emil, live_stack, impulse_url, "Ich habe eine Leiter.")
    clara = _page(browser, "clara@demo.wecreate.test", live_stack)
    _offer(clara, live_stack, impulse_url, "Ich kann nähen.")

    owner.goto(impulse_url)
    offers = owner.locator("#angebote .offer")
    offers.filter(has_text="Emil").locator("button:has-text('Annehmen')").click()
    owner.wait_for_selector("text=ist jetzt in der Box")
    offers.filter(has_text="Clara").locator("button:has-text('Annehmen')").click()
    owner.wait_for_function(
        "document.querySelectorAll('#angebote .offer').length === 0 || "
        "!document.body.innerText.includes('Annehmen')"
    )
    owner.click("#angebote a:has-text('Zur Box')")
    owner.wait_for_url(re.compile(r"/boxen/[\w-]+/$"))
    box_url = owner.url

    # A task: created by the owner, taken and finished by Emil.
    owner.click("nav a:has-text('Aufgaben')")
    owner.wait_for_url(re.compile(r"/aufgaben/$"))
    board_url = owner.url
    owner.click("a:has-text('Aufgabe anlegen')")
    owner.fill("input[name=title]", "Segel beim Segelmacher abholen")
    owner.click("form button:has-text('Aufgabe anlegen')")
    owner.wait_for_url(board_url)
    emil.goto(board_url)
    emil.click("button:has-text('Ich übernehme das')")
    emil.wait_for_selector("text=Die Aufgabe gehört jetzt dir.")
    card = emil.locator(".task-card", has_text="Segel beim Segelmacher abholen")
    card.locator("select[name=status]").select_option("done")
    card.locator("button:has-text('Verschieben')").click()
    emil.wait_for_url(board_url)
    assert (
        "Segel beim Segelmacher abholen"
        in emil.locator(".task-column", has_text="Erledigt").inner_text()
    )

    # An event in the box, answered by Clara.
    owner.goto(box_url + "termine/")
    owner.click("a:has-text('Termin anlegen')")
    start = datetime.now() + timedelta(days=3)
    owner.fill("input[name=title]", "Aufhängen am Samstag")
    owner.fill("input[name=starts_at]", _local(start))
    owner.fill("input[name=ends_at]", _local(start + timedelta(hours=2)))
    owner.fill("input[name=place]", "Spielplatz Merseburger Straße")
    owner.click("button:has-text('Termin anlegen')")
    owner.wait_for_url(re.compile(r"/termine/[0-9a-f-]{36}/$"))
    event_url = owner.url
    clara.goto(event_url)
    clara.click("form:has(input[name=answer][value=yes]) button")
    clara.wait_for_selector("text=Du hast zugesagt.")

    # The progress log: an entry the owner shows on the impulse page.
    owner.goto(box_url + "fortschritt/")
    owner.fill("textarea[name=text]", "Die Segel hängen, die Kinder spielen im Schatten.")
    owner.check("input[name=show_on_impulse]")
    owner.click("button:has-text('Fortschritt eintragen')")
    owner.wait_for_selector("text=Die Segel hängen, die Kinder spielen im Schatten.")
    owner.goto(impulse_url)
    assert (
        "Die Segel hängen, die Kinder spielen im Schatten."
        in owner.locator(".impulse-progress").inner_text()
    )

    # Done, with a photo in the report.
    owner.click("#status-aendern summary")
    owner.select_option("select[name=to_status]", "implemented")
    owner.fill("textarea[name=report]", "Zwei Sonnensegel hängen seit Samstag.")
    owner.set_input_files("input[name=photo_1]", _picture(tmp_path))
    owner.fill("input[name=photo_1_alt]", "Zwei grüne Sonnensegel über dem Sandkasten")
    owner.click("button:has-text('Status ändern')")
    owner.wait_for_selector(".report-photos img")
    assert owner.locator(".report-photos img").get_attribute("alt") == (
        "Zwei grüne Sonnensegel über dem Sandkasten"
    )
    reader = browser.new_context(locale="de-DE").new_page()
    reader.goto(impulse_url)
    assert "Umgesetzt" in reader.content()
    assert "Die Segel hängen" in reader.content()
    assert reader.locator(".report-photos img").count() == 1
    assert_accessible(reader)
    _shot(reader, "box-done-impulse-desktop")

    # A friend circle stays invisible to an outsider.
    emil.goto(live_stack.url("localhost", "/boxen/neu/"))
    emil.fill("input[name=name]", "Skatrunde Lindenau")
    emil.click("button:has-text('Freundeskreis anlegen')")
    emil.wait_for_url(re.compile(r"/einstellungen/$"))
    circle_url = emil.url.removesuffix("einstellungen/")
    outsider = _page(browser, "ben@demo.wecreate.test", live_stack)
    response = outsider.goto(circle_url)
    assert response is not None and response.status == 404
    assert "Skatrunde" not in outsider.content()
    outsider.goto(live_stack.url("localhost", "/boxen/"))
    assert "Skatrunde" not in outsider.content()
    outsider.goto(live_stack.url("localhost", "/impulse/?q=Skatrunde"))
    assert "Skatrunde" not in outsider.locator("#results").inner_text()
    for page in (owner, emil, clara, reader, outsider):
        page.context.close()

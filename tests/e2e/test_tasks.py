"""Tasks in a citizen box, in headless Chromium: the owner opens the box of her impulse, puts a
task on its board, takes it on ("Ich übernehme das") and marks it done, all with plain forms;
the board at desktop and phone width."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.e2e.test_accessibility import assert_accessible
from tests.e2e.test_boxes import PHONE, _page

pytestmark = pytest.mark.e2e


def _shot(page, name: str) -> None:
    folder = os.environ.get("E2E_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_a_box_member_creates_takes_and_finishes_a_task(browser, live_stack) -> None:
    owner = _page(browser, "anna@demo.wecreate.test", live_stack)
    owner.goto(live_stack.url("localhost", "/impulse/neu/"))
    owner.select_option("select[name=kind]", "idea")
    owner.fill("input[name=title]", "Tauschregal im Hinterhof")
    owner.fill("textarea[name=body]", "Ein Regal, in dem Nachbarn Bücher und Werkzeug tauschen.")
    owner.get_by_label("Lindenau", exact=True).check()
    owner.click("button:has-text('Veröffentlichen')")
    owner.wait_for_url(re.compile(r"/impulse/[0-9a-f-]{36}/$"))
    owner.click("button:has-text('Box jetzt öffnen')")  # and on into the box
    owner.wait_for_url(re.compile(r"/boxen/[\w-]+/$"))
    owner.click("nav a:has-text('Aufgaben')")
    owner.wait_for_url(re.compile(r"/boxen/[\w-]+/aufgaben/$"))
    board_url = owner.url

    owner.click("a:has-text('Aufgabe anlegen')")
    owner.fill("input[name=title]", "Regal beim Baumarkt abholen")
    owner.fill("textarea[name=description]", "Mit dem **Lastenrad**, Samstag früh.")
    owner.fill("input[name=due_date]", "2030-05-04")
    owner.click("form button:has-text('Aufgabe anlegen')")
    owner.wait_for_url(board_url)
    assert "Regal beim Baumarkt abholen" in owner.content()
    assert_accessible(owner)
    _shot(owner, "tasks-board-desktop")

    owner.click("button:has-text('Ich übernehme das')")
    owner.wait_for_selector("text=Die Aufgabe gehört jetzt dir.")
    card = owner.locator(".task-card", has_text="Regal beim Baumarkt abholen")
    assert "Zuständig: Anna" in card.inner_text()
    card.locator("select[name=status]").select_option("done")
    card.locator("button:has-text('Verschieben')").click()
    owner.wait_for_url(board_url)
    done = owner.locator(".task-column", has_text="Erledigt")
    assert "Regal beim Baumarkt abholen" in done.inner_text()

    owner.click("a:has-text('Regal beim Baumarkt abholen')")
    owner.fill("input[name=text]", "Spanngurte einpacken")
    owner.click("button:has-text('Hinzufügen')")
    owner.wait_for_selector("text=Spanngurte einpacken")
    assert "<strong>Lastenrad</strong>" in owner.content()
    assert_accessible(owner)
    _shot(owner, "tasks-detail-desktop")

    phone = _page(browser, "anna@demo.wecreate.test", live_stack, PHONE)
    phone.goto(board_url)
    assert_accessible(phone)
    _shot(phone, "tasks-board-phone")
    for page in (owner, phone):
        page.context.close()

"""Issue #4's journey in headless Chromium: an admin invites a member by e-mail, the member
accepts, joins a group, posts with a mention, answers an event and votes in a decision that
closes with a recorded outcome."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from tests.e2e.test_foundation_journeys import log_in

pytestmark = pytest.mark.e2e

ORG = "kirche-lindenau.localhost"  # the billing test upgrades the party


def _local(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M")  # what a datetime-local input takes


def test_invite_join_post_with_mention_answer_an_event_and_vote(page, browser, live_stack) -> None:
    url = lambda path: live_stack.url(ORG, path)  # noqa: E731
    # The admin (Clara, the church's owner) prepares: decisions need a plan that has them.
    log_in(page, live_stack, "clara@demo.wecreate.test", host=ORG)
    page.goto(url("/einstellungen/abrechnung/"))
    page.click("[data-plan=verein] button:has-text('Monatlich buchen')")
    page.fill("input[name=card_number]", "4242 4242 4242 4242")
    page.fill("input[name=expiry]", "12/34")
    page.fill("input[name=cvc]", "123")
    page.click("button:has-text('Zahlungspflichtig buchen')")
    page.wait_for_url(re.compile(r"/einstellungen/abrechnung/$"))

    page.goto(url("/gruppen/neu/"))
    page.fill("input[name=name]", "Verkehrswende")
    page.click("button:has-text('Gruppe gründen')")
    page.wait_for_url(re.compile(r"/gruppen/verkehrswende/$"))

    start = datetime.now() + timedelta(days=3)
    page.goto(url("/termine/neu/"))
    page.fill("input[name=title]", "Radtour durch Lindenau")
    page.fill("input[name=starts_at]", _local(start))
    page.fill("input[name=ends_at]", _local(start + timedelta(hours=2)))
    page.fill("input[name=place]", "Lindenauer Markt")
    page.click("button:has-text('Termin anlegen')")
    page.wait_for_url(re.compile(r"/termine/[0-9a-f-]+/$"))
    event_url = page.url

    page.goto(url("/diskussionen/neu/"))
    page.fill("input[name=title]", "Sommerfest 2027")
    page.click("button:has-text('Diskussion beginnen')")
    page.wait_for_url(re.compile(r"/diskussionen/[0-9a-f-]+/$"))
    discussion_url = page.url
    page.click("a:has-text('Abstimmung starten')")
    page.fill("input[name=title]", "Wir feiern am 21. Juni im Clara-Zetkin-Park")
    page.fill("input[name=closes_at]", _local(datetime.now() + timedelta(days=7)))
    page.click("button:has-text('Abstimmung starten')")
    page.wait_for_url(re.compile(r"/diskussionen/[0-9a-f-]+/"))

    # The invitation, by e-mail (sent by the worker).
    page.goto(url("/mitglieder/"))
    page.fill("input[name=email]", "lena@example.org")
    page.select_option("select[name=role]", "member")
    page.click("button:has-text('Einladung senden')")
    mail = live_stack.wait_for_mail("lena@example.org")
    link = re.search(r"http://\S+/einladung/\S+/", mail)
    assert link, mail

    lena = browser.new_context(locale="de-DE").new_page()
    lena.goto(link.group(0))
    lena.fill("input[name=display_name]", "Lena")
    lena.fill("input[name=password]", "ein-langes-passwort-2026")
    lena.click("button:has-text('Konto anlegen und beitreten')")
    lena.wait_for_url(re.compile(r"kirche-lindenau\.localhost:\d+/$"))

    # She joins the group and posts, mentioning Clara.
    lena.goto(url("/gruppen/verkehrswende/"))
    lena.click("button:has-text('Beitreten')")
    lena.wait_for_load_state()
    lena.fill("textarea[name=body]", "Danke für die Einladung, @Clara (Kirche, Admin)!")
    lena.click("button:has-text('Veröffentlichen')")
    lena.wait_for_load_state()
    assert "Danke für die Einladung" in lena.content()

    # She answers the event and votes.
    lena.goto(event_url)
    lena.click("form:has(input[name=answer][value=yes]) button")
    lena.wait_for_selector("text=Du hast zugesagt.")  # swapped in by htmx
    assert lena.locator("button[aria-pressed=true]").count() == 1
    lena.goto(discussion_url)
    # Each voting radio sits on the line of its label (they used to drift apart).
    radios = lena.locator("input[name=choice]").all()
    assert len(radios) >= 2
    for radio in radios:
        label = lena.locator(f"label[for='{radio.get_attribute('id')}']").bounding_box()
        box = radio.bounding_box()
        assert box and label
        assert abs((box["y"] + box["height"] / 2) - (label["y"] + label["height"] / 2)) < 12
    lena.check("input[name=choice][value=yes]")
    lena.click("button:has-text('Abstimmen')")
    lena.wait_for_selector("text=Deine Stimme:")

    # Clara was told about the mention; she closes the vote and the outcome is recorded.
    for _attempt in range(20):  # the notification is made by the worker after the commit
        page.goto(url("/benachrichtigungen/"))
        if "Lena hat dich" in page.content():
            break
        page.wait_for_timeout(500)
    assert "Lena hat dich in einem Beitrag erwähnt" in page.content()
    page.goto(discussion_url)
    page.once("dialog", lambda dialog: dialog.accept())  # "Die Abstimmung jetzt beenden?"
    page.click("button:has-text('Jetzt beenden')")
    page.wait_for_selector("text=Ergebnis:")
    content = page.content()
    assert "Ergebnis: Angenommen" in content
    assert "1 von" in content and "Vorzeitig beendet." in content
    lena.context.close()

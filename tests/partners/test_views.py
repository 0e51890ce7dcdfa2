"""Partner pages: the directory with its filters and pages (bounded queries), a partner's page
that never shows its address, the contact form (honeypot, rate limit, clear errors), the
answer link (valid, answered, expired, forged), the partner's own pages, a box's partner tab
and its isolation (a friend circle's requests are for its members alone)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners import services
from partners.models import Kind, Partner, PartnerRequest, RequestStatus
from tests.cast import Cast
from tests.partners.factories import PARTNER_EMAIL, ask, erins_box, make_partner, seen_by
from workspaces import invitations
from workspaces import services as workspace_services
from workspaces.scopes import network_actor


def _jobs(callbacks: list[Any]) -> list[str]:
    return [getattr(c, "task_name", "") for c in callbacks]


# --- Directory --------------------------------------------------------------------------------


def test_the_directory_filters_by_ortsteil_kind_and_words(cast: Cast, client_for: Any) -> None:
    make_partner("Werkstatt Lindenau", kinds=[Kind.TOOLS])
    make_partner("Raum Connewitz", kinds=[Kind.ROOMS, Kind.ADVICE], districts=("connewitz",))
    make_partner("Versteckt", is_active=False)
    client = client_for(None, None)

    html = client.get("/partner/").content.decode()
    assert "Werkstatt Lindenau" in html and "Raum Connewitz" in html
    assert "Versteckt" not in html and PARTNER_EMAIL not in html
    html = client.get("/partner/?ortsteil=connewitz").content.decode()
    assert "Raum Connewitz" in html and "Werkstatt Lindenau" not in html
    html = client.get("/partner/?art=tools").content.decode()
    assert "Werkstatt Lindenau" in html and "Raum Connewitz" not in html
    html = client.get("/partner/?q=Connewitz").content.decode()
    assert "Raum Connewitz" in html and "Werkstatt Lindenau" not in html
    # Unknown choices are no error: the form falls back to the whole directory.
    response = client.get("/partner/?ortsteil=mars&art=rockets&seite=x")
    assert response.status_code == 200 and "Werkstatt Lindenau" in response.content.decode()


def test_the_directory_pages_and_its_queries_do_not_grow(
    cast: Cast, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(None, cast.erin)
    for index in range(3):
        make_partner(f"Ort {index:02d}", districts=("lindenau", "plagwitz"))
    # 13: the page, plus the header's "Meine Boxen" menu for a signed-in person.
    with django_assert_max_num_queries(13):
        assert client.get("/partner/").status_code == 200
    for index in range(3, 45):
        make_partner(f"Ort {index:02d}", districts=("lindenau", "plagwitz"))
    with django_assert_max_num_queries(13):
        first = client.get("/partner/?art=tools").content.decode()
    assert "Ort 00" in first and "Ort 20" not in first and "Seite 1 von 3" in first
    last = client.get("/partner/?art=tools&seite=3").content.decode()
    assert "Ort 44" in last and "Ort 00" not in last


def test_a_partners_page_shows_the_entry_but_never_its_address(
    cast: Cast, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    make_partner(website="https://werkstatt.example.org", opening_notes="Sa 10–14 Uhr")
    with django_assert_max_num_queries(12):
        response = client_for(None, None).get("/partner/werkstatt-lindenau/")
    html = response.content.decode()
    assert response.status_code == 200
    for shown in ("Werkstatt Lindenau", "Werkzeug", "Lindenau", "Hofweg 1", "Sa 10–14 Uhr",
                  "https://werkstatt.example.org", "Nachricht senden"):  # fmt: skip
        assert shown in html, shown
    assert PARTNER_EMAIL not in html
    assert client_for(None, None).get("/partner/gibt-es-nicht/").status_code == 404
    make_partner("Versteckt", is_active=False)
    assert client_for(None, None).get("/partner/versteckt/").status_code == 404


# --- Contact form -----------------------------------------------------------------------------


def test_the_contact_form_sends_and_the_honeypot_sends_nothing(
    cast: Cast, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    make_partner()
    client = client_for(None, None)
    data = {"name": "Frieda", "email": "frieda@example.org", "message": "Habt ihr Leitern?"}
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post("/partner/werkstatt-lindenau/kontakt/", data)
    assert response.status_code == 302 and response["Location"] == "/partner/werkstatt-lindenau/"
    assert _jobs(callbacks) == ["partners.tasks.send_contact_message"]
    assert "Deine Nachricht ist unterwegs" in client.get(response["Location"]).content.decode()

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            "/partner/werkstatt-lindenau/kontakt/", {**data, "homepage": "http://spam.example"}
        )
    assert response.status_code == 302 and callbacks == []


def test_a_bad_contact_message_is_answered_with_its_errors(
    cast: Cast, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    make_partner()
    with django_capture_on_commit_callbacks() as callbacks:
        response = client_for(None, cast.erin).post(
            "/partner/werkstatt-lindenau/kontakt/",
            {"name": "Erin", "email": "keine adresse", "message": ""},
        )
    assert response.status_code == 400 and callbacks == []
    assert "Bitte fülle dieses Feld aus." in response.content.decode()
    response = client_for(None, cast.erin).post(
        "/partner/werkstatt-lindenau/kontakt/",
        {"name": "Erin", "email": "keine adresse", "message": "Hallo"},
    )
    assert response.status_code == 400 and "gültige E-Mail-Adresse" in response.content.decode()


@pytest.mark.ratelimits
def test_too_many_contact_messages_get_a_429_with_a_message(
    cast: Cast, client_for: Any, settings: Any
) -> None:
    settings.RATE_LIMITS = {"partner.contact": (1, 3600)}
    make_partner()
    client = client_for(None, None)
    data = {"name": "A", "email": "a@example.org", "message": "Hallo"}
    assert client.post("/partner/werkstatt-lindenau/kontakt/", data).status_code == 302
    response = client.post("/partner/werkstatt-lindenau/kontakt/", data)
    assert response.status_code == 429
    assert "Zu viele Aktionen" in response.content.decode()


# --- The answer link --------------------------------------------------------------------------


def test_the_partner_answers_through_the_link_and_the_box_sees_it(
    cast: Cast, client_for: Any
) -> None:
    box = erins_box(cast)
    asked = ask(cast, box, make_partner())
    link = f"/partner/antwort/{services.answer_token(asked)}/"
    visitor = client_for(None, None)
    html = visitor.get(link).content.decode()
    assert box.name in html and "Zwei Schubkarren" in html and "Samstag" in html
    for person in (cast.erin, cast.gina):  # the partner sees the box, not its people
        assert person.display_name not in html and person.email not in html

    assert visitor.post(link, {"answer": "Ohne Wahl"}).status_code == 400
    assert PartnerRequest.objects.get(pk=asked.pk).status == RequestStatus.OPEN
    response = visitor.post(link, {"accept": "ja", "answer": "Kommt Samstag um 10 vorbei."})
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.status == RequestStatus.ACCEPTED and asked.answered_by is None

    again = visitor.post(link, {"accept": "nein", "answer": "Doch nicht"})
    assert again.status_code == 409 and "schon beantwortet" in again.content.decode()
    assert PartnerRequest.objects.get(pk=asked.pk).answer == "Kommt Samstag um 10 vorbei."

    tab = client_for(None, cast.gina).get(f"/boxen/{box.slug}/partner/").content.decode()
    assert "Werkstatt Lindenau" in tab and "zugesagt" in tab and "Kommt Samstag um 10" in tab


def test_an_expired_or_forged_link_is_a_clear_4xx_page_and_changes_nothing(
    cast: Cast, client_for: Any
) -> None:
    asked = ask(cast, erins_box(cast), make_partner())

    class LongAgo(signing.TimestampSigner):
        def timestamp(self) -> str:
            return signing.b62_encode(int(time.time()) - 31 * 24 * 3600)

    expired = LongAgo(salt=services.ANSWER_SALT).sign(str(asked.public_id))
    visitor = client_for(None, None)
    for method in ("get", "post"):
        response = getattr(visitor, method)(f"/partner/antwort/{expired}/", {"accept": "ja"})
        assert response.status_code == 410
        assert "Dieser Link ist abgelaufen" in response.content.decode()
        forged = services.answer_token(asked)[:-3] + "abc"
        response = getattr(visitor, method)(f"/partner/antwort/{forged}/", {"accept": "ja"})
        assert response.status_code == 400
        assert "Dieser Link ist ungültig" in response.content.decode()
    assert PartnerRequest.objects.get(pk=asked.pk).status == RequestStatus.OPEN


# --- The partner's own pages ------------------------------------------------------------------


def test_the_partners_account_edits_the_entry_and_answers_on_the_site(
    cast: Cast, client_for: Any
) -> None:
    partner = make_partner()
    partner.managers.add(cast.carol)
    asked = ask(cast, erins_box(cast), partner)
    carol = client_for(None, cast.carol)
    page = carol.get("/partner/werkstatt-lindenau/").content.decode()
    assert "Eintrag bearbeiten" in page and "Anfragen von Boxen" in page

    response = carol.post(
        "/partner/werkstatt-lindenau/bearbeiten/",
        {"name": "Werkstatt Lindenau", "description": "Jetzt auch Material", "kinds": ["tools",
         "materials"], "districts": ["lindenau", "plagwitz"], "address": "Hofweg 1",
         "website": "werkstatt.example.org"},
    )  # fmt: skip
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.kinds == ["tools", "materials"] and partner.website.startswith("https://")
    assert sorted(d.slug for d in partner.districts.all()) == ["lindenau", "plagwitz"]

    bad = carol.post("/partner/werkstatt-lindenau/bearbeiten/", {"name": "X", "kinds": []})
    assert bad.status_code == 400 and "mindestens eine Art" in bad.content.decode()
    assert Partner.objects.get(pk=partner.pk).name == "Werkstatt Lindenau"

    listing = carol.get("/partner/werkstatt-lindenau/anfragen/").content.decode()
    assert "Zwei Schubkarren" in listing and cast.erin.display_name not in listing
    answer = f"/partner/werkstatt-lindenau/anfragen/{asked.public_id}/"
    assert carol.post(answer, {"accept": "nein", "answer": "Ausgeliehen."}).status_code == 302
    asked.refresh_from_db()
    assert asked.status == RequestStatus.DECLINED and asked.answered_by == cast.carol


def test_other_people_cannot_edit_or_read_a_partners_requests(cast: Cast, client_for: Any) -> None:
    partner = make_partner()
    asked = ask(cast, erins_box(cast), partner)
    bob = client_for(None, cast.bob)
    for path in ("bearbeiten/", "anfragen/", f"anfragen/{asked.public_id}/"):
        response = bob.get(f"/partner/werkstatt-lindenau/{path}")
        assert response.status_code == 403
        assert "nur seine Verwalter" in response.content.decode()
    response = bob.post(
        f"/partner/werkstatt-lindenau/anfragen/{asked.public_id}/", {"accept": "ja"}
    )
    assert response.status_code == 403
    assert PartnerRequest.objects.get(pk=asked.pk).status == RequestStatus.OPEN
    assert Partner.objects.get(pk=partner.pk).description == partner.description


# --- A box's partner tab ----------------------------------------------------------------------


def test_the_boxs_owner_asks_from_the_tab_and_a_helper_only_reads(
    cast: Cast, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    box = erins_box(cast)
    make_partner()
    erin = client_for(None, cast.erin)
    group = erin.get(f"/boxen/{box.slug}/").content.decode()
    assert f'href="/boxen/{box.slug}/partner/"' in group
    detail = erin.get("/partner/werkstatt-lindenau/").content.decode()
    assert f"/boxen/{box.slug}/partner/anfragen/?partner=werkstatt-lindenau" in detail
    form = erin.get(f"/boxen/{box.slug}/partner/anfragen/?partner=werkstatt-lindenau")
    assert 'value="werkstatt-lindenau" selected' in form.content.decode()

    with django_capture_on_commit_callbacks() as callbacks:
        response = erin.post(
            f"/boxen/{box.slug}/partner/anfragen/",
            {"partner": "werkstatt-lindenau", "what": "Eine Leiter", "when": "Sonntag"},
        )
    assert response.status_code == 302
    assert _jobs(callbacks) == ["partners.tasks.send_request_email"]
    bad = erin.post(f"/boxen/{box.slug}/partner/anfragen/", {"partner": "mars", "what": ""})
    assert bad.status_code == 400 and "Bitte wähle einen Partner" in bad.content.decode()
    assert PartnerRequest.objects.count() == 1

    gina = client_for(None, cast.gina)
    assert "Eine Leiter" in gina.get(f"/boxen/{box.slug}/partner/").content.decode()
    refused = gina.post(
        f"/boxen/{box.slug}/partner/anfragen/",
        {"partner": "werkstatt-lindenau", "what": "Noch eine", "when": "Montag"},
    )
    assert refused.status_code == 403 and PartnerRequest.objects.count() == 1


def test_a_friend_circles_requests_are_for_its_members_alone(cast: Cast, client_for: Any) -> None:
    circle = workspace_services.create_circle(actor=network_actor(cast.erin), name="Kochrunde")
    issued = invitations.create_link(actor=network_actor(cast.erin), workspace=circle)
    invitations.accept(actor=network_actor(cast.gina), token=issued.token)
    partner = make_partner()
    gina = client_for(None, cast.gina)
    gina.get(f"/boxen/{circle.slug}/partner/")  # the session's first request does more
    counts = []
    for index in range(6):
        ask(cast, seen_by(cast.erin, circle), partner, what=f"Kochtopf {index}")
        if index in (0, 5):
            with CaptureQueriesContext(connection) as queries:
                html = gina.get(f"/boxen/{circle.slug}/partner/").content.decode()
            counts.append(len(queries))
    assert "Kochtopf 5" in html and "Kochtopf 0" in html
    assert counts[0] == counts[1] <= 12, counts
    for outsider in (cast.bob, cast.alice, cast.carol):
        client = client_for(None, outsider)
        assert client.get(f"/boxen/{circle.slug}/partner/").status_code == 404
        assert client.get(f"/boxen/{circle.slug}/partner/anfragen/").status_code == 404
        data = client.get("/api/v1/partner-requests/").json()
        assert data["results"] == []
    anonymous = client_for(None, None).get(f"/boxen/{circle.slug}/partner/")
    assert anonymous.status_code == 302
    # The partner's own page names the circle (it was asked), and nothing else about it.
    partner.managers.add(cast.carol)
    listing = client_for(None, cast.carol).get("/partner/werkstatt-lindenau/anfragen/")
    assert "Kochrunde" in listing.content.decode()
    assert cast.gina.display_name not in listing.content.decode()


def test_staff_keep_the_admin_for_partners(cast: Cast, client_for: Any) -> None:
    staff = client_for(None, cast.staff)
    assert staff.get("/admin/partners/partner/").status_code == 200
    assert staff.get("/admin/partners/partner/add/").status_code == 200
    lindenau = __import__("public_marketplace.models", fromlist=["District"]).District.objects.get(
        slug="lindenau"
    )
    response = staff.post(
        "/admin/partners/partner/add/",
        {"name": "Neu im Kiez", "slug": "neu-im-kiez", "description": "Räume", "kinds": "rooms",
         "districts": [lindenau.pk], "address": "Kiezweg 1", "email": "kiez@example.org",
         "manager_emails": cast.carol.email, "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Partner.objects.get(slug="neu-im-kiez")
    assert list(created.managers.all()) == [cast.carol]
    unknown = staff.post(
        "/admin/partners/partner/add/",
        {"name": "X", "slug": "x", "description": "x", "kinds": "rooms", "districts": [lindenau.pk],
         "address": "x", "email": "x@example.org", "manager_emails": "niemand@example.org"},
    )  # fmt: skip
    assert unknown.status_code == 200 and "niemand@example.org" in unknown.content.decode()
    assert not Partner.objects.filter(slug="x").exists()

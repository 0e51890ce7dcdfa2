"""The report form, the staff queue, decisions and the audit log over HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from moderation import services
from moderation.models import ModerationAction, Report
from public_marketplace.models import Impulse
from tests.cast import Cast
from tests.conftest import host_of
from tests.moderation.test_services import make_comment
from tests.public_marketplace.factories import district, leipzig, make_impulse
from threads.services import comments_on


def test_a_citizen_reports_an_impulse_through_the_form(cast: Cast, client_for) -> None:
    impulse = make_impulse(cast.bob, title="Kredite ohne Schufa")
    client = client_for(None, cast.erin)
    url = f"/melden/impuls/{impulse.public_id}/"
    page = client.get(url)
    assert page.status_code == 200
    assert (
        "Kredite ohne Schufa" in page.content.decode() and 'name="reason"' in page.content.decode()
    )
    response = client.post(url, {"reason": "spam", "text": "Werbung"})
    assert response.status_code == 302
    assert response["Location"] == f"/impulse/{impulse.public_id}/"
    report = Report.objects.get()
    assert (report.reporter, report.impulse, report.reason, report.text) == (
        cast.erin,
        impulse,
        "spam",
        "Werbung",
    )
    assert "Danke für deine Meldung" in client.get("/impulse/").content.decode()
    duplicate = client.post(url, {"reason": "insult"})
    assert duplicate.status_code == 409 and "schon gemeldet" in duplicate.content.decode()
    assert Report.objects.count() == 1


def test_the_report_form_works_inline_with_htmx(cast: Cast, client_for) -> None:
    comment = make_comment(make_impulse(cast.alice), cast.bob)
    client = client_for(None, cast.erin)
    url = f"/melden/kommentar/{comment.public_id}/"
    form = client.get(url, HTTP_HX_REQUEST="true")
    assert form.status_code == 200
    assert "<html" not in form.content.decode() and "Kommentar von Bob" in form.content.decode()
    done = client.post(url, {"reason": "insult"}, HTTP_HX_REQUEST="true")
    assert done.status_code == 200 and "Danke für deine Meldung" in done.content.decode()
    assert Report.objects.get().comment == comment


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "nonsense"}, "Auswahl"),
        ({"reason": ""}, "zwingend erforderlich"),
        ({"reason": "spam", "text": "x" * 1001}, "1000"),
        ({"reason": "other"}, "beschreibe kurz"),
    ],
)
def test_bad_report_input_gets_a_form_error_and_nothing_is_stored(
    cast: Cast, client_for, data: dict[str, str], message: str
) -> None:
    impulse = make_impulse(cast.bob)
    response = client_for(None, cast.erin).post(f"/melden/impuls/{impulse.public_id}/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Report.objects.exists()


def test_own_content_gets_a_note_instead_of_a_form(cast: Cast, client_for) -> None:
    impulse = make_impulse(cast.erin)
    client = client_for(None, cast.erin)
    page = client.get(f"/melden/impuls/{impulse.public_id}/").content.decode()
    assert "eigene Beiträge melden" in page and 'name="reason"' not in page
    response = client.post(f"/melden/person/{cast.erin.public_id}/", {"reason": "spam"})
    assert response.status_code == 403
    assert not Report.objects.exists()


def test_unknown_kinds_hidden_or_missing_targets_are_not_found(cast: Cast, client_for) -> None:
    impulse = make_impulse(cast.bob)
    client = client_for(None, cast.erin)
    assert client.get(f"/melden/gremium/{impulse.public_id}/").status_code == 404
    assert client.get(f"/melden/kommentar/{impulse.public_id}/").status_code == 404
    Impulse.objects.filter(pk=impulse.pk).update(is_hidden=True)
    assert (
        client.post(f"/melden/impuls/{impulse.public_id}/", {"reason": "spam"}).status_code == 404
    )
    assert not Report.objects.exists()


def test_a_blocked_person_is_told_and_cannot_report(cast: Cast, client_for) -> None:
    impulse = make_impulse(cast.bob)
    services.block_user(actor=cast.staff, user=cast.erin, reason="Spam")
    client = client_for(None, cast.erin)
    assert "gesperrt" in client.get(f"/melden/impuls/{impulse.public_id}/").content.decode()
    response = client.post(f"/melden/impuls/{impulse.public_id}/", {"reason": "spam"})
    assert response.status_code == 403
    assert not Report.objects.exists()


def test_staff_hide_a_reported_impulse_from_the_queue_and_restore_it(
    cast: Cast, client_for
) -> None:
    impulse = make_impulse(cast.bob, title="Verkaufe Follower")
    services.report_content(reporter=cast.erin, target=impulse, reason="spam", text="Werbung")
    staff = client_for(None, cast.staff)
    queue = staff.get("/moderation/").content.decode()
    assert "Verkaufe Follower" in queue and "Werbung" in queue

    response = staff.post(
        f"/moderation/impulse/{impulse.public_id}/verbergen/", {"reason": "Spam, Regel 3"}
    )
    assert response.status_code == 302 and response["Location"] == "/moderation/"
    assert "Keine offenen Meldungen" in staff.get("/moderation/").content.decode()
    detail = f"/impulse/{impulse.public_id}/"
    for visitor in (client_for(), client_for(None, cast.erin), client_for(None, cast.bob)):
        assert "Verkaufe Follower" not in visitor.get("/impulse/?sort=newest").content.decode()
        assert visitor.get(detail).status_code == 404

    log = staff.get("/moderation/protokoll/").content.decode()
    assert "Spam, Regel 3" in log and "Wiederherstellen" in log
    restored = staff.post(
        f"/moderation/impulse/{impulse.public_id}/wiederherstellen/",
        {"next": "/moderation/protokoll/"},
    )
    assert restored["Location"] == "/moderation/protokoll/"
    assert "Verkaufe Follower" in client_for().get("/impulse/?sort=newest").content.decode()
    assert list(ModerationAction.objects.values_list("action", flat=True)) == [
        "restore",
        "resolve",
        "hide",
    ]


def test_staff_hide_a_comment(cast: Cast, client_for) -> None:
    comment = make_comment(make_impulse(cast.alice), cast.bob, "Geheime Telefonnummer 0341")
    services.report_content(reporter=cast.erin, target=comment, reason="personal_data")
    staff = client_for(None, cast.staff)
    assert "Geheime Telefonnummer" in staff.get("/moderation/").content.decode()
    staff.post(f"/moderation/kommentare/{comment.public_id}/verbergen/", {"reason": "Daten"})
    comment.refresh_from_db()
    assert comment.is_hidden
    # A comment is not a person: the kind in the path must fit.
    assert (
        staff.post(f"/moderation/personen/{comment.public_id}/verbergen/", {"reason": "x"})
    ).status_code == 404


def test_staff_block_and_unblock_a_person_and_the_block_stops_posting(
    cast: Cast, client_for
) -> None:
    staff = client_for(None, cast.staff)
    staff.post(f"/moderation/personen/{cast.erin.public_id}/sperren/", {"reason": "Hetze"})
    cast.erin.refresh_from_db()
    assert cast.erin.blocked_at is not None
    erin = client_for(None, cast.erin)
    response = erin.post(
        "/impulse/neu/",
        {
            "kind": "idea",
            "title": "Ein neuer Impuls",
            "body": "Text",
            "city": leipzig().pk,
            "districts": [district("plagwitz").pk],
        },
    )
    assert response.status_code == 400 and "gesperrt" in response.content.decode()
    assert not Impulse.objects.filter(author=cast.erin).exists()

    staff.post(f"/moderation/personen/{cast.erin.public_id}/entsperren/", {})
    cast.erin.refresh_from_db()
    assert cast.erin.blocked_at is None
    assert list(ModerationAction.objects.values_list("action", "reason")) == [
        ("unblock", ""),
        ("block", "Hetze"),
    ]


def test_a_decision_that_fails_says_why_and_changes_nothing(cast: Cast, client_for) -> None:
    impulse = make_impulse(cast.bob)
    staff = client_for(None, cast.staff)
    response = staff.post(f"/moderation/impulse/{impulse.public_id}/verbergen/", {"reason": ""})
    assert response.status_code == 302
    assert "Bitte begründe" in staff.get("/moderation/").content.decode()
    too_long = staff.post(
        f"/moderation/impulse/{impulse.public_id}/verbergen/", {"reason": "x" * 1001}
    )
    assert too_long.status_code == 302
    assert "1000 Zeichen" in staff.get("/moderation/").content.decode()
    staff.post(f"/moderation/personen/{cast.staff.public_id}/sperren/", {"reason": "Test"})
    assert "können nicht gesperrt werden" in staff.get("/moderation/").content.decode()
    impulse.refresh_from_db()
    cast.staff.refresh_from_db()
    assert not impulse.is_hidden and cast.staff.blocked_at is None
    assert not ModerationAction.objects.exists()


def test_staff_dismiss_all_reports_on_a_target_from_the_queue(cast: Cast, client_for) -> None:
    reports = [
        services.report_content(reporter=who, target=cast.bob, reason="spam")
        for who in (cast.erin, cast.carol)
    ]
    staff = client_for(None, cast.staff)
    staff.post(f"/moderation/meldungen/{reports[0].public_id}/verwerfen/", {"all_reports": "on"})
    assert set(Report.objects.values_list("status", flat=True)) == {"dismissed"}
    cast.bob.refresh_from_db()
    assert cast.bob.blocked_at is None


def test_people_who_are_not_staff_cannot_use_any_moderation_action(cast: Cast, client_for) -> None:
    impulse = make_impulse(cast.dave)
    report = services.report_content(reporter=cast.erin, target=impulse, reason="spam")
    posts = [
        f"/moderation/impulse/{impulse.public_id}/verbergen/",
        f"/moderation/impulse/{impulse.public_id}/wiederherstellen/",
        f"/moderation/personen/{cast.dave.public_id}/sperren/",
        f"/moderation/personen/{cast.dave.public_id}/entsperren/",
        f"/moderation/meldungen/{report.public_id}/verwerfen/",
    ]
    for actor in ("erin", "bob", "alice", "carol", "dave"):
        client = client_for(None, getattr(cast, actor))
        for path in posts:
            assert client.post(path, {"reason": "x"}).status_code == 404, (actor, path)
    for path in posts:
        assert client_for().post(path, {"reason": "x"}).status_code == 302
    impulse.refresh_from_db()
    report.refresh_from_db()
    cast.dave.refresh_from_db()
    assert not impulse.is_hidden and report.status == "open" and cast.dave.blocked_at is None
    assert not ModerationAction.objects.exists()


def test_moderation_actions_need_a_csrf_token(cast: Cast) -> None:
    impulse = make_impulse(cast.bob)
    client = Client(HTTP_HOST=host_of(cast.public), enforce_csrf_checks=True)
    client.force_login(cast.staff, backend="allauth.account.auth_backends.AuthenticationBackend")
    response = client.post(f"/moderation/impulse/{impulse.public_id}/verbergen/", {"reason": "x"})
    assert response.status_code == 403
    impulse.refresh_from_db()
    assert not impulse.is_hidden


def test_staff_without_a_second_factor_are_sent_to_set_one_up_when_required(
    cast: Cast, client_for, settings
) -> None:
    settings.STAFF_REQUIRE_TWO_FACTOR = True
    impulse = make_impulse(cast.bob)
    staff = client_for(None, cast.staff)
    for response in (
        staff.get("/moderation/"),
        staff.get("/moderation/protokoll/"),
        staff.post(f"/moderation/impulse/{impulse.public_id}/verbergen/", {"reason": "x"}),
    ):
        assert response.status_code == 302 and response["Location"] == "/accounts/2fa/"
    impulse.refresh_from_db()
    assert not impulse.is_hidden
    # Non-staff still see nothing at all.
    assert client_for(None, cast.erin).get("/moderation/").status_code == 404


def test_the_queue_shows_no_reporter_and_no_e_mail_address(cast: Cast, client_for) -> None:
    services.report_content(reporter=cast.carol, target=cast.bob, reason="insult")
    page = client_for(None, cast.staff).get("/moderation/").content.decode()
    assert "Bob" in page
    for secret in ("Carol", cast.carol.email, cast.bob.email):
        assert secret not in page


def _queries(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def _report_many(cast: Cast, start: int, end: int, person: Any) -> None:
    reporters = (cast.erin, cast.carol, cast.gina, cast.alice)
    for i in range(start, end):
        impulse = make_impulse(cast.dave, title=f"Impuls Nummer {i}")
        comment = make_comment(impulse, cast.bob, f"Kommentar {i}")
        for who in reporters[: 1 + i % len(reporters)]:
            services.report_content(reporter=who, target=impulse, reason="spam", text="x")
            services.report_content(reporter=who, target=comment, reason="insult")
    services.report_content(reporter=cast.erin, target=person, reason="other", text="y")


def test_the_queue_and_the_log_run_a_bounded_number_of_queries(cast: Cast, client_for) -> None:
    staff = client_for(None, cast.staff)
    staff.get("/moderation/")  # warm the host cache, as any running server has it
    _report_many(cast, 0, 2, cast.dave)
    few = _queries(staff, "/moderation/")
    _report_many(cast, 2, 10, cast.bob)
    many = _queries(staff, "/moderation/")
    assert many == few
    assert "Impuls Nummer 7" in staff.get("/moderation/").content.decode()

    # One decision on each kind of target, then many more: the log's query count stays.
    first = Impulse.objects.get(title="Impuls Nummer 0")
    services.hide_content(actor=cast.staff, target=first, reason="Spam")
    services.hide_content(
        actor=cast.staff, target=comments_on("impulse", first.pk).get(), reason="Hetze"
    )
    services.block_user(actor=cast.staff, user=cast.dave, reason="Spam")
    log_few = _queries(staff, "/moderation/protokoll/")
    for impulse in Impulse.objects.exclude(pk=first.pk)[:6]:
        services.hide_content(actor=cast.staff, target=impulse, reason="Spam")
        services.hide_content(
            actor=cast.staff, target=comments_on("impulse", impulse.pk).get(), reason="Hetze"
        )
    services.block_user(actor=cast.staff, user=cast.bob, reason="Spam")
    assert _queries(staff, "/moderation/protokoll/") == log_few


def test_the_audit_log_pages_by_keyset(cast: Cast, client_for, monkeypatch) -> None:
    from moderation import selectors

    impulses = [make_impulse(cast.bob, title=f"Seite {i}") for i in range(3)]
    for impulse in impulses:
        services.hide_content(actor=cast.staff, target=impulse, reason=f"Grund {impulse.title}")
    page = selectors.audit_log(limit=2)
    assert [e.entry.reason for e in page.entries] == ["Grund Seite 2", "Grund Seite 1"]
    rest = selectors.audit_log(before=page.next_before, limit=2)
    assert [e.entry.reason for e in rest.entries] == ["Grund Seite 0"]
    assert rest.next_before is None
    staff = client_for(None, cast.staff)
    assert staff.get("/moderation/protokoll/?vor=abc").status_code == 200

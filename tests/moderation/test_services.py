"""Reporting, hiding, restoring, blocking and dismissing through the services."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from config.domain import DomainError, RateLimited
from moderation import services
from moderation.models import ActionKind, ModerationAction, Report, ReportStatus
from public_marketplace.models import Impulse, Support
from public_marketplace.services.impulses import post_impulse, support_impulse
from tests.cast import Cast
from tests.public_marketplace.factories import impulse_input, make_impulse
from tests.threads.factories import make_comment as _make
from threads.models import Comment


def make_comment(impulse: Impulse, author: Any, body: str = "Das ist Unsinn.") -> Comment:
    # The comment services are another area's; a plain row is all moderation needs.
    return _make("impulse", impulse.pk, author, body)


def actions(**filters: Any) -> list[str]:
    return list(ModerationAction.objects.filter(**filters).values_list("action", flat=True))


def test_a_citizen_reports_an_impulse_and_a_second_open_report_is_a_conflict(cast: Cast) -> None:
    impulse = make_impulse(cast.bob)
    report = services.report_content(
        reporter=cast.erin, target=impulse, reason="spam", text="  Werbung für Kredite  "
    )
    assert (report.target_kind, report.impulse, report.status) == ("impulse", impulse, "open")
    assert report.text == "Werbung für Kredite"
    with pytest.raises(DomainError) as error:
        services.report_content(reporter=cast.erin, target=impulse, reason="insult")
    assert error.value.code == "conflict"
    assert Report.objects.filter(impulse=impulse).count() == 1
    # Someone else may report the same impulse.
    services.report_content(reporter=cast.carol, target=impulse, reason="insult")
    assert Report.objects.filter(impulse=impulse).count() == 2


def test_after_a_decision_the_same_person_may_report_again(cast: Cast) -> None:
    impulse = make_impulse(cast.bob)
    first = services.report_content(reporter=cast.erin, target=impulse, reason="spam")
    services.dismiss_report(actor=cast.staff, report=first)
    again = services.report_content(reporter=cast.erin, target=impulse, reason="spam")
    assert again.pk != first.pk and again.status == "open"


def test_comments_and_people_can_be_reported_too(cast: Cast) -> None:
    comment = make_comment(make_impulse(cast.alice), cast.bob)
    on_comment = services.report_content(reporter=cast.erin, target=comment, reason="insult")
    on_person = services.report_content(
        reporter=cast.erin, target=cast.bob, reason="other", text="Beleidigt ständig andere."
    )
    assert (on_comment.target_kind, on_comment.comment) == ("comment", comment)
    assert (on_person.target_kind, on_person.reported_user) == ("user", cast.bob)


def test_nobody_reports_themselves_or_their_own_content(cast: Cast) -> None:
    impulse = make_impulse(cast.erin)
    comment = make_comment(make_impulse(cast.bob), cast.erin)
    for target in (impulse, comment, cast.erin):
        with pytest.raises(DomainError) as error:
            services.report_content(reporter=cast.erin, target=target, reason="spam")
        assert error.value.code == "forbidden"
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("reason", "text", "field"),
    [
        ("nonsense", "", "reason"),
        ("", "", "reason"),
        ("spam", "x" * 1001, "text"),
        ("other", "   ", "text"),  # "something else" needs a word on what
    ],
)
def test_a_bad_reason_or_text_is_refused_and_nothing_is_stored(
    cast: Cast, reason: str, text: str, field: str
) -> None:
    impulse = make_impulse(cast.bob)
    with pytest.raises(DomainError) as error:
        services.report_content(reporter=cast.erin, target=impulse, reason=reason, text=text)
    assert (error.value.code, error.value.field) == ("invalid", field)
    assert not Report.objects.exists()


def test_hidden_deleted_or_unpublished_content_cannot_be_reported(cast: Cast) -> None:
    hidden = make_impulse(cast.bob)
    Impulse.objects.filter(pk=hidden.pk).update(is_hidden=True)
    hidden.refresh_from_db()
    draft = make_impulse(cast.bob, publish=False)
    deleted = make_comment(make_impulse(cast.bob), cast.bob)
    Comment.objects.filter(pk=deleted.pk).update(deleted_at=timezone.now())
    deleted.refresh_from_db()
    for target in (hidden, draft, deleted):
        with pytest.raises(DomainError) as error:
            services.report_content(reporter=cast.erin, target=target, reason="spam")
        assert error.value.code == "not_found"
    assert not Report.objects.exists()


@pytest.mark.ratelimits
def test_reporting_is_rate_limited_per_person(cast: Cast) -> None:
    impulse = make_impulse(cast.bob)
    comments = [make_comment(impulse, cast.bob, f"Kommentar {i}") for i in range(21)]
    for comment in comments[:20]:
        services.report_content(reporter=cast.erin, target=comment, reason="spam")
    with pytest.raises(RateLimited):
        services.report_content(reporter=cast.erin, target=comments[20], reason="spam")
    assert Report.objects.filter(reporter=cast.erin).count() == 20
    # Another person's budget is their own.
    services.report_content(reporter=cast.carol, target=comments[20], reason="spam")


def test_staff_hide_an_impulse_which_resolves_its_open_reports_and_is_audited(cast: Cast) -> None:
    impulse = make_impulse(cast.bob)
    reports = [
        services.report_content(reporter=who, target=impulse, reason="spam")
        for who in (cast.erin, cast.carol)
    ]
    services.hide_content(actor=cast.staff, target=impulse, reason="Werbung, Regel 3")
    impulse.refresh_from_db()
    assert impulse.is_hidden
    for report in reports:
        report.refresh_from_db()
        assert (report.status, report.handled_by, report.decision_note) == (
            "resolved",
            cast.staff,
            "Werbung, Regel 3",
        )
        assert report.handled_at is not None
    assert sorted(actions(target_id=impulse.public_id)) == ["hide", "resolve", "resolve"]
    hide = ModerationAction.objects.get(action="hide")
    assert (hide.actor, hide.target_kind, hide.reason) == (
        cast.staff,
        "impulse",
        "Werbung, Regel 3",
    )


def test_restoring_makes_the_content_visible_again_and_is_audited(cast: Cast) -> None:
    comment = make_comment(make_impulse(cast.alice), cast.bob)
    services.hide_content(actor=cast.staff, target=comment, reason="Beleidigung")
    services.restore_content(actor=cast.staff, target=comment, reason="Widerspruch berechtigt")
    comment.refresh_from_db()
    assert not comment.is_hidden
    assert actions(target_id=comment.public_id) == ["restore", "hide"]
    with pytest.raises(DomainError) as error:
        services.restore_content(actor=cast.staff, target=comment)
    assert error.value.code == "conflict"


def test_hiding_twice_or_without_a_reason_is_refused(cast: Cast) -> None:
    impulse = make_impulse(cast.bob)
    with pytest.raises(DomainError) as error:
        services.hide_content(actor=cast.staff, target=impulse, reason="  ")
    assert (error.value.code, error.value.field) == ("invalid", "reason")
    services.hide_content(actor=cast.staff, target=impulse, reason="Spam")
    with pytest.raises(DomainError) as error:
        services.hide_content(actor=cast.staff, target=impulse, reason="Spam")
    assert error.value.code == "conflict"
    assert actions() == ["hide"]


@pytest.mark.parametrize("actor", ["erin", "bob", "alice", "carol"])
def test_only_platform_staff_moderate(cast: Cast, actor: str) -> None:
    person = getattr(cast, actor)
    impulse = make_impulse(cast.dave)
    report = services.report_content(reporter=cast.gina, target=impulse, reason="spam")
    attempts = [
        lambda: services.hide_content(actor=person, target=impulse, reason="x"),
        lambda: services.restore_content(actor=person, target=impulse),
        lambda: services.block_user(actor=person, user=cast.dave, reason="x"),
        lambda: services.unblock_user(actor=person, user=cast.dave),
        lambda: services.dismiss_report(actor=person, report=report),
    ]
    for attempt in attempts:
        with pytest.raises(DomainError) as error:
            attempt()
        assert error.value.code == "forbidden"
    impulse.refresh_from_db()
    report.refresh_from_db()
    cast.dave.refresh_from_db()
    assert not impulse.is_hidden and report.status == "open" and cast.dave.blocked_at is None
    assert not ModerationAction.objects.exists()


def test_a_blocked_person_can_no_longer_post_support_or_report_until_unblocked(
    cast: Cast,
) -> None:
    impulse = make_impulse(cast.bob)
    services.report_content(reporter=cast.carol, target=cast.erin, reason="insult")
    services.block_user(actor=cast.staff, user=cast.erin, reason="Wiederholte Beleidigungen")
    cast.erin.refresh_from_db()
    assert cast.erin.blocked_at is not None
    assert cast.erin.blocked_reason == "Wiederholte Beleidigungen"
    assert Report.objects.get(reported_user=cast.erin).status == ReportStatus.RESOLVED

    attempts = [
        lambda: post_impulse(author=cast.erin, data=impulse_input()),
        lambda: support_impulse(impulse=impulse, user=cast.erin),
        lambda: services.report_content(reporter=cast.erin, target=impulse, reason="spam"),
    ]
    for attempt in attempts:
        with pytest.raises(DomainError) as error:
            attempt()
        assert error.value.code == "forbidden"
    assert not Impulse.objects.filter(author=cast.erin).exists()
    assert not Support.objects.filter(user=cast.erin).exists()

    services.unblock_user(actor=cast.staff, user=cast.erin, reason="Einsicht gezeigt")
    cast.erin.refresh_from_db()
    assert cast.erin.blocked_at is None and cast.erin.blocked_reason == ""
    post_impulse(author=cast.erin, data=impulse_input())
    support_impulse(impulse=impulse, user=cast.erin)
    assert actions(target_id=cast.erin.public_id) == ["unblock", "resolve", "block"]


def test_staff_cannot_be_blocked_and_blocking_needs_a_reason(cast: Cast) -> None:
    with pytest.raises(DomainError) as error:
        services.block_user(actor=cast.staff, user=cast.staff, reason="Test")
    assert error.value.code == "forbidden"
    with pytest.raises(DomainError) as error:
        services.block_user(actor=cast.staff, user=cast.erin, reason="")
    assert error.value.field == "reason"
    services.block_user(actor=cast.staff, user=cast.erin, reason="Spam")
    with pytest.raises(DomainError) as error:
        services.block_user(actor=cast.staff, user=cast.erin, reason="Spam")
    assert error.value.code == "conflict"
    with pytest.raises(DomainError) as error:
        services.unblock_user(actor=cast.staff, user=cast.bob)
    assert error.value.code == "conflict"
    assert actions() == ["block"]


def test_dismissing_one_report_or_all_reports_on_a_target(cast: Cast) -> None:
    impulse = make_impulse(cast.bob)
    first, second, third = (
        services.report_content(reporter=who, target=impulse, reason="misinformation")
        for who in (cast.erin, cast.carol, cast.gina)
    )
    other = services.report_content(reporter=cast.erin, target=cast.bob, reason="spam")
    services.dismiss_report(actor=cast.staff, report=first, note="Meinung, keine Falschinfo")
    first.refresh_from_db()
    assert (first.status, first.decision_note) == ("dismissed", "Meinung, keine Falschinfo")
    closed = services.dismiss_report(actor=cast.staff, report=second, whole_target=True)
    assert {r.pk for r in closed} == {second.pk, third.pk}
    assert set(Report.objects.filter(impulse=impulse).values_list("status", flat=True)) == {
        "dismissed"
    }
    other.refresh_from_db()
    assert other.status == "open"
    assert actions(action=ActionKind.DISMISS, target_id=impulse.public_id) == ["dismiss"] * 3
    with pytest.raises(DomainError) as error:
        services.dismiss_report(actor=cast.staff, report=first)
    assert error.value.code == "conflict"
    impulse.refresh_from_db()
    assert not impulse.is_hidden


def test_the_audit_log_is_append_only(cast: Cast) -> None:
    impulse = make_impulse(cast.bob)
    services.hide_content(actor=cast.staff, target=impulse, reason="Spam")
    entry = ModerationAction.objects.get()
    entry.reason = "geändert"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        ModerationAction.objects.update(reason="geändert")
    with pytest.raises(TypeError):
        ModerationAction.objects.all().delete()
    assert ModerationAction.objects.get().reason == "Spam"

"""Discussions and decisions through the services in alpha: who may do what, every process end
to end, changing a vote, closing (early and by the task, idempotent), the recorded outcome and
its announcement, bad input that changes nothing, and the paid feature gate."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from config.domain import DomainError
from decisions import services
from decisions.models import Discussion, Outcome, Proposal, Vote
from decisions.selectors import discussion_for, voter_key
from notifications.models import Notification
from tests.cast import Cast
from tests.decisions.conftest import give_plan, soon
from tests.decisions.factories import act, discussion, in_alpha, proposal, vote
from tests.workspaces.factories import actor
from workspaces import services as ws_services


def error_of(fn: Any) -> DomainError:
    with pytest.raises(DomainError) as caught:
        fn()
    return caught.value


def close_all(cast: Cast, *, after: timedelta = timedelta(days=30)) -> int:
    return in_alpha(cast, lambda: services.close_due_proposals(now=timezone.now() + after))


def outcome_of(cast: Cast, p: Proposal) -> Outcome:
    return in_alpha(cast, lambda: Outcome.objects.get(proposal=p))


def test_a_discussion_needs_a_title_and_a_writer(cast: Cast) -> None:
    for title in ("", "   ", "x" * 201):
        err = error_of(lambda t=title: discussion(cast, title=t))
        assert err.field == "title" and err.message == "Ein Titel braucht 1 bis 200 Zeichen."
    err = error_of(lambda: discussion(cast, cast.gina))
    assert err.code == "forbidden"
    assert in_alpha(cast, lambda: Discussion.objects.count()) == 0
    made = discussion(cast, context="**Wann** feiern wir?")
    assert made.context_html == "<p><strong>Wann</strong> feiern wir?</p>"


def test_starting_a_proposal_needs_the_paid_feature(cast: Cast) -> None:
    thread = discussion(cast)
    err = error_of(lambda: proposal(cast, thread))
    assert (
        err.code == "forbidden"
        and "„Einstellungen → Abrechnung“" in err.message
        and "/einstellungen/" not in err.message
    )
    assert in_alpha(cast, lambda: Proposal.objects.count()) == 0
    # Discussions themselves are free.
    comment = act(cast, services.add_comment, cast.dave, discussion=thread, body="Im Juli!")
    assert comment.body_html == "<p>Im Juli!</p>"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": " "}, "title", "Ein Vorschlag braucht 1 bis 200 Zeichen."),
        (
            {"closes_at": timezone.now() - timedelta(hours=1)},
            "closes_at",
            "Die Abstimmung muss mindestens fünf Minuten in der Zukunft enden.",
        ),
        ({"closes_at": None}, "closes_at", None),
        ({"closes_at": timezone.now() + timedelta(days=400)}, "closes_at", None),
        ({"quorum_percent": 101}, "quorum_percent", None),
        ({"process": "lottery"}, "process", None),
        ({"process": "score", "options": ["Nur eine"]}, "options", None),
        ({"process": "ranked", "options": ["A", "a", "B"]}, "options", None),
    ],
)
def test_a_bad_proposal_gets_a_clear_error_and_nothing_is_made(
    paying: Cast, changes: dict[str, Any], field: str, message: str | None
) -> None:
    thread = discussion(paying)
    err = error_of(lambda: proposal(paying, thread, **changes))
    assert err.field == field
    if message:
        assert err.message == message
    assert in_alpha(paying, lambda: Proposal.objects.count()) == 0


def test_only_one_proposal_runs_at_a_time_in_a_discussion(paying: Cast) -> None:
    thread = discussion(paying)
    proposal(paying, thread)
    assert error_of(lambda: proposal(paying, thread)).code == "conflict"


def test_a_simple_vote_can_be_changed_until_it_closes(
    paying: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    cast = paying
    p = proposal(cast)
    vote(cast, p, cast.bob, choice="no")
    vote(cast, p, cast.bob, choice="yes")  # changed, not a second vote
    vote(cast, p, cast.alice, choice="yes")
    vote(cast, p, cast.dave, choice="no")
    assert in_alpha(cast, lambda: Vote.objects.filter(proposal=p).count()) == 3
    assert in_alpha(cast, lambda: Proposal.objects.get(pk=p.pk).vote_count) == 3

    def close_and_announce() -> Outcome:
        # Callbacks run at the end of the block, still inside alpha's schema (as after a commit).
        with django_capture_on_commit_callbacks(execute=True):
            return services.close_proposal(actor=actor(cast.bob), proposal=p)

    outcome = in_alpha(cast, close_and_announce)
    assert outcome.result == "passed" and outcome.closed_early
    assert [(r["key"], r["count"]) for r in outcome.tallies] == [
        ("yes", 2),
        ("no", 1),
        ("abstain", 0),
    ]
    assert (outcome.votes_cast, outcome.eligible, outcome.quorum_met) == (3, 3, True)
    # Announced to everyone who could vote (gina is a guest and cannot).
    told = in_alpha(
        cast,
        lambda: set(
            Notification.objects.filter(verb="decisions.outcome").values_list("user_id", flat=True)
        ),
    )
    assert told == {cast.alice.pk, cast.bob.pk, cast.dave.pk}

    err = error_of(lambda: vote(cast, p, cast.dave, choice="yes"))
    assert err.code == "conflict" and err.message == "Die Abstimmung ist beendet."
    assert in_alpha(cast, lambda: Vote.objects.filter(proposal=p, choice="yes").count()) == 2


def test_a_vote_after_the_closing_time_is_refused_before_the_task_ran(paying: Cast) -> None:
    p = proposal(paying)
    later = p.closes_at + timedelta(seconds=1)
    err = error_of(lambda: vote(paying, p, paying.bob, choice="yes", now=later))
    assert err.message == "Die Abstimmung ist beendet."
    assert in_alpha(paying, lambda: Vote.objects.count()) == 0


def test_the_closing_task_closes_due_proposals_once(paying: Cast) -> None:
    cast = paying
    due = proposal(cast, closes_at=soon(days=1))
    later = proposal(cast, discussion(cast, title="Später"), closes_at=soon(days=10))
    vote(cast, due, cast.bob, choice="yes")
    assert close_all(cast, after=timedelta(days=2)) == 1
    assert close_all(cast, after=timedelta(days=2)) == 0
    assert in_alpha(cast, lambda: Outcome.objects.count()) == 1
    first = outcome_of(cast, due)
    assert first.result == "passed" and not first.closed_early and first.closed_by_id is None
    assert close_all(cast, after=timedelta(days=11)) == 1
    assert outcome_of(cast, due).closed_at == first.closed_at  # never rewritten
    assert outcome_of(cast, later).result == "no_votes"
    err = error_of(lambda: act(cast, services.close_proposal, cast.alice, proposal=due))
    assert err.code == "conflict"


def test_in_public_the_task_closes_the_networks_proposals(paying: Cast) -> None:
    from decisions import tasks

    assert tasks.close_due_proposals() == 0  # the public schema: the network's proposals


def test_missing_the_quorum_is_recorded_as_no_quorum(paying: Cast) -> None:
    p = proposal(paying, quorum_percent=100)
    vote(paying, p, paying.bob, choice="yes")
    vote(paying, p, paying.alice, choice="yes")
    close_all(paying)
    outcome = outcome_of(paying, p)
    assert (outcome.result, outcome.quorum_met, outcome.votes_cast, outcome.eligible) == (
        "no_quorum",
        False,
        2,
        3,
    )
    assert outcome.tallies[0]["count"] == 2  # what the vote would have said stays visible


def test_consent_is_blocked_by_one_objection_which_needs_a_reason(paying: Cast) -> None:
    cast = paying
    p = proposal(cast, process="consent")
    vote(cast, p, cast.bob, choice="consent")
    vote(cast, p, cast.alice, choice="consent")
    err = error_of(lambda: vote(cast, p, cast.dave, choice="object", reason="  "))
    assert err.field == "reason"
    assert in_alpha(cast, lambda: Vote.objects.filter(proposal=p).count()) == 2
    vote(cast, p, cast.dave, choice="object", reason="Zu kurzfristig")
    close_all(cast)
    outcome = outcome_of(cast, p)
    assert outcome.result == "blocked" and outcome.objections == ["Zu kurzfristig"]


def test_score_votes_need_every_option_within_range(paying: Cast) -> None:
    cast = paying
    p = proposal(cast, process="score", options=["Grillen", "Picknick"])
    for scores, message in (
        ({"1": 11, "2": 3}, "Jede Option bekommt 0 bis 10 Punkte."),
        ({"1": -1, "2": 3}, "Jede Option bekommt 0 bis 10 Punkte."),
        ({"1": "viel", "2": 3}, "Jede Option bekommt 0 bis 10 Punkte."),
        ({"1": 5, "3": 3}, "Diese Option gibt es nicht."),
        ({"1": 5}, "Bitte bewerte jede Option."),
    ):
        err = error_of(lambda s=scores: vote(cast, p, cast.bob, scores=s))
        assert (err.field, err.message) == ("scores", message)
    assert in_alpha(cast, lambda: Vote.objects.count()) == 0
    vote(cast, p, cast.bob, scores={"1": 8, 2: 2})
    vote(cast, p, cast.dave, scores={"1": 4, "2": 10})
    close_all(cast)
    outcome = outcome_of(cast, p)
    assert [(r["label"], r["average"]) for r in outcome.tallies] == [
        ("Grillen", 6.0),
        ("Picknick", 6.0),
    ]
    assert outcome.result == "tied" and outcome.winners == ["Grillen", "Picknick"]


def test_ranked_choice_takes_every_option_once_and_counts_borda(paying: Cast) -> None:
    cast = paying
    p = proposal(cast, process="ranked", options=["Juni", "Juli", "August"])
    for ranking, message in (
        ([1, 2], "Bitte bringe jede Option genau einmal in eine Reihenfolge."),
        ([1, 1, 2], "Bitte bringe jede Option genau einmal in eine Reihenfolge."),
        ([1, 2, 4], "Diese Option gibt es nicht."),
    ):
        err = error_of(lambda r=ranking: vote(cast, p, cast.bob, ranking=r))
        assert (err.field, err.message) == ("ranking", message)
    vote(cast, p, cast.bob, ranking=[2, 1, 3])
    vote(cast, p, cast.alice, ranking=[2, 3, 1])
    vote(cast, p, cast.dave, ranking=[1, 2, 3])
    close_all(cast)
    outcome = outcome_of(cast, p)
    assert [r["points"] for r in outcome.tallies] == [3, 5, 1]
    assert (outcome.result, outcome.winners) == ("decided", ["Juli"])


def test_a_simple_vote_refuses_an_unknown_answer(paying: Cast) -> None:
    p = proposal(paying)
    err = error_of(lambda: vote(paying, p, paying.bob, choice="vielleicht"))
    assert (err.field, err.message) == ("choice", "Bitte wähle eine der Antworten.")
    assert in_alpha(paying, lambda: Vote.objects.count()) == 0


def test_an_anonymous_vote_stores_no_voter(paying: Cast) -> None:
    p = proposal(paying, anonymous=True)
    vote(paying, p, paying.bob, choice="no")
    vote(paying, p, paying.bob, choice="yes")
    stored = in_alpha(paying, lambda: list(Vote.objects.filter(proposal=p)))
    assert len(stored) == 1 and stored[0].voter_id is None and stored[0].choice == "yes"
    assert stored[0].voter_key == voter_key(p, paying.bob.pk) != voter_key(p, paying.dave.pk)


def test_guests_and_people_outside_the_group_do_not_vote(paying: Cast) -> None:
    cast = paying
    group = act(cast, ws_services.create_workspace, cast.bob, name="Festausschuss")
    thread = discussion(cast, workspace=group)
    p = proposal(cast, thread)
    assert error_of(lambda: vote(cast, p, cast.gina, choice="yes")).code == "forbidden"
    assert error_of(lambda: vote(cast, p, cast.dave, choice="yes")).code == "forbidden"
    # An organisation admin outside the group may close it, but the group decides.
    assert error_of(lambda: vote(cast, p, cast.alice, choice="yes")).code == "forbidden"
    assert error_of(lambda: act(cast, services.close_proposal, cast.dave, proposal=p)).code == (
        "forbidden"
    )
    vote(cast, p, cast.bob, choice="yes")
    outcome = act(cast, services.close_proposal, cast.alice, proposal=p)
    assert (outcome.eligible, outcome.votes_cast, outcome.result) == (1, 1, "passed")


def test_a_secret_groups_discussions_are_invisible_to_others(cast: Cast) -> None:
    group = act(cast, ws_services.create_workspace, cast.bob, name="Geheim", visibility="secret")
    thread = discussion(cast, workspace=group)
    with_dave = in_alpha(cast, lambda: discussion_for(actor(cast.dave), thread.public_id))
    assert with_dave is None
    err = error_of(lambda: act(cast, services.add_comment, cast.dave, discussion=thread, body="x"))
    assert err.code == "not_found"
    assert in_alpha(cast, lambda: discussion_for(actor(cast.alice), thread.public_id)) is not None


def test_after_a_downgrade_proposals_stay_readable_but_nobody_votes(paying: Cast) -> None:
    cast = paying
    p = proposal(cast)
    vote(cast, p, cast.bob, choice="yes")
    give_plan(cast, features=["decisions"], status="canceled")
    err = error_of(lambda: vote(cast, p, cast.dave, choice="yes"))
    assert (
        err.code == "forbidden"
        and "„Einstellungen → Abrechnung“" in err.message
        and "/einstellungen/" not in err.message
    )
    assert in_alpha(cast, lambda: discussion_for(actor(cast.dave), p.discussion.public_id))
    # The task still closes it and records the outcome.
    close_all(cast)
    assert outcome_of(cast, p).result == "passed"


def test_comments_share_the_persons_rate_limit(cast: Cast, settings: Any) -> None:
    thread = discussion(cast)
    settings.RATE_LIMITS = {"comment.create": (2, 600), "post.create": (100, 600)}
    for body in ("Eins", "Zwei"):
        act(cast, services.add_comment, cast.dave, discussion=thread, body=body)
    err = error_of(lambda: act(cast, services.add_comment, cast.dave, discussion=thread, body="3"))
    assert err.code == "rate_limited"
    assert in_alpha(cast, lambda: Discussion.objects.get(pk=thread.pk).comment_count) == 2


def test_a_recorded_outcome_cannot_be_changed(paying: Cast) -> None:
    p = proposal(paying)
    close_all(paying)
    outcome = outcome_of(paying, p)
    outcome.result = "rejected"
    with pytest.raises(ValueError, match="never changed"):
        in_alpha(paying, outcome.save)
    assert outcome_of(paying, p).result == "no_votes"


def test_a_new_proposal_is_announced_to_the_voters(
    paying: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    cast = paying
    thread = discussion(cast)

    def start() -> None:
        with django_capture_on_commit_callbacks(execute=True):
            services.start_proposal(
                actor=actor(cast.bob),
                discussion=thread,
                title="Juli",
                process="simple",
                closes_at=soon(),
            )

    in_alpha(cast, start)
    told = in_alpha(
        cast,
        lambda: sorted(
            Notification.objects.filter(verb="decisions.proposal").values_list("user_id", flat=True)
        ),
    )
    assert told == sorted([cast.alice.pk, cast.dave.pk])  # not the proposer, not the guest

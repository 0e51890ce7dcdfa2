"""Counting votes for each process, ties and quorum (decisions/tally.py, no database)."""

from __future__ import annotations

from decisions.tally import Ballot, count, final_result, quorum_met

A, B, C = (1, "Apfel"), (2, "Birne"), (3, "Kirsche")


def simple(*choices: str) -> list[Ballot]:
    return [Ballot(choice=c, reason="", ballot={}) for c in choices]


def test_a_simple_vote_passes_on_more_yes_than_no_and_abstentions_do_not_count() -> None:
    tally = count("simple", [], simple("yes", "yes", "no", "abstain", "abstain", "abstain"))
    assert [(r["key"], r["count"]) for r in tally.rows] == [("yes", 2), ("no", 1), ("abstain", 3)]
    assert tally.result == "passed" and tally.votes_cast == 6
    assert count("simple", [], simple("yes", "no", "no")).result == "rejected"


def test_a_simple_vote_with_as_many_yes_as_no_is_a_tie() -> None:
    assert count("simple", [], simple("yes", "no", "abstain")).result == "tied"
    assert count("simple", [], simple("abstain")).result == "tied"


def test_consent_is_blocked_by_one_objection_and_keeps_its_reason() -> None:
    ballots = [
        *simple("consent", "consent", "consent", "abstain"),
        Ballot(choice="object", reason="Zu teuer", ballot={}),
    ]
    tally = count("consent", [], ballots)
    assert tally.result == "blocked" and tally.objections == ["Zu teuer"]
    assert count("consent", [], simple("consent", "abstain")).result == "passed"


def test_score_picks_the_highest_average_and_names_a_tie() -> None:
    ballots = [
        Ballot(choice="", reason="", ballot={"1": 10, "2": 4, "3": 0}),
        Ballot(choice="", reason="", ballot={"1": 5, "2": 9, "3": 0}),
    ]
    tally = count("score", [A, B, C], ballots)
    assert [(r["label"], r["average"]) for r in tally.rows] == [
        ("Apfel", 7.5),
        ("Birne", 6.5),
        ("Kirsche", 0.0),
    ]
    assert tally.winners == ["Apfel"] and tally.result == "decided"
    tie = count("score", [A, B], [Ballot(choice="", reason="", ballot={"1": 3, "2": 3})])
    assert tie.winners == ["Apfel", "Birne"] and tie.result == "tied"


def test_ranked_choice_counts_borda_points() -> None:
    # 3 options: first place 2 points, second 1, last 0.
    ballots = [Ballot(choice="", reason="", ballot=r) for r in ([1, 2, 3], [2, 1, 3], [2, 3, 1])]
    tally = count("ranked", [A, B, C], ballots)
    assert [(r["label"], r["points"]) for r in tally.rows] == [
        ("Apfel", 3),
        ("Birne", 5),
        ("Kirsche", 1),
    ]
    assert tally.winners == ["Birne"] and tally.result == "decided"


def test_ranked_choice_tie_names_every_tied_option() -> None:
    ballots = [Ballot(choice="", reason="", ballot=r) for r in ([1, 2], [2, 1])]
    tally = count("ranked", [A, B], ballots)
    assert tally.winners == ["Apfel", "Birne"] and tally.result == "tied"


def test_quorum_is_a_share_of_the_eligible_voters() -> None:
    assert quorum_met(votes_cast=5, eligible=10, quorum_percent=50)
    assert not quorum_met(votes_cast=4, eligible=10, quorum_percent=50)
    assert quorum_met(votes_cast=0, eligible=10, quorum_percent=0)
    tally = count("simple", [], simple("yes", "yes"))
    assert final_result(tally, eligible=10, quorum_percent=50) == ("no_quorum", False)
    assert final_result(tally, eligible=4, quorum_percent=50) == ("passed", True)
    assert final_result(count("simple", [], []), eligible=4, quorum_percent=0) == (
        "no_votes",
        True,
    )

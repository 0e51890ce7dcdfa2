"""The discussions and proposals API on alpha's host: the same rules as the pages, JSON 4xx
errors that change nothing, anonymous ballots that name nobody, isolation, and the schema."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.utils import timezone

from decisions.models import Discussion, Proposal, Vote
from tests.cast import Cast
from tests.decisions.factories import discussion, in_alpha, proposal, vote

JSON = "application/json"


def post(client: Any, path: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(path, data or {}, content_type=JSON)


def future(days: float = 2) -> str:
    return (timezone.now() + timedelta(days=days)).isoformat()


def test_a_discussion_is_started_listed_and_commented(cast: Cast, client_for) -> None:
    bob = client_for(cast.alpha, cast.bob)
    bad = post(bob, "/api/v1/discussions/", {"title": ""})
    assert bad.status_code == 400
    assert bad.json()["title"] == ["Ein Titel braucht 1 bis 200 Zeichen."]
    assert in_alpha(cast, lambda: Discussion.objects.count()) == 0

    made = post(bob, "/api/v1/discussions/", {"title": "Sommerfest", "context": "**Juli?**"})
    assert made.status_code == 201
    body = made.json()
    assert body["context_html"] == "<p><strong>Juli?</strong></p>" and body["proposals"] == []
    listed = client_for(cast.alpha, cast.gina).get("/api/v1/discussions/").json()
    assert [d["title"] for d in listed["results"]] == ["Sommerfest"] and listed["next"] is None
    path = f"/api/v1/discussions/{body['id']}/comments/"
    assert post(bob, path, {"body": " "}).status_code == 400
    assert post(bob, path, {"body": "Ja!"}).status_code == 201
    assert post(client_for(cast.alpha, cast.gina), path, {"body": "Ich auch"}).status_code == 403
    assert [c["body"] for c in bob.get(path).json()] == ["Ja!"]


def test_the_feature_gate_answers_403_with_the_billing_page(cast: Cast, client_for) -> None:
    d = discussion(cast)
    response = post(
        client_for(cast.alpha, cast.bob),
        "/api/v1/proposals/",
        {
            "discussion": str(d.public_id),
            "title": "Juli",
            "process": "simple",
            "closes_at": future(),
        },
    )
    assert (
        response.status_code == 403 and "„Einstellungen → Abrechnung“" in response.json()["detail"]
    )
    assert in_alpha(cast, lambda: Proposal.objects.count()) == 0


def test_a_proposal_is_started_voted_on_and_closed(paying: Cast, client_for) -> None:
    cast = paying
    d = discussion(cast)
    bob = client_for(cast.alpha, cast.bob)
    data = {
        "discussion": str(d.public_id),
        "title": "Wohin?",
        "process": "ranked",
        "options": ["Park", "See", "Wald"],
        "closes_at": (timezone.now() - timedelta(minutes=1)).isoformat(),
    }
    past = post(bob, "/api/v1/proposals/", data)
    assert past.status_code == 400 and "closes_at" in past.json()
    assert post(bob, "/api/v1/proposals/", {**data, "quorum_percent": "viel"}).status_code == 400
    assert in_alpha(cast, lambda: Proposal.objects.count()) == 0
    made = post(bob, "/api/v1/proposals/", {**data, "closes_at": future()})
    assert made.status_code == 201
    p = made.json()
    assert p["options"] == [
        {"position": 1, "label": "Park"},
        {"position": 2, "label": "See"},
        {"position": 3, "label": "Wald"},
    ]
    assert p["can_vote"] and p["can_close"] and p["my_vote"] is None

    vote_path = f"/api/v1/proposals/{p['id']}/vote/"
    bad = post(bob, vote_path, {"ranking": [1, 2, 9]})
    assert bad.status_code == 400 and bad.json() == {
        "ranking": ["Diese Option gibt es nicht."],
        "code": "invalid",
    }
    voted = post(bob, vote_path, {"ranking": [2, 3, 1]})
    assert voted.status_code == 200
    body = voted.json()
    assert body["my_vote"]["ranking"] == [2, 3, 1]
    assert body["votes"] == [
        {"name": "Bob", "choice": "", "reason": "", "scores": None, "ranking": [2, 3, 1]}
    ]
    assert body["results"]["final"] is False and body["results"]["winners"] == ["See"]

    dave = client_for(cast.alpha, cast.dave)
    assert post(dave, f"/api/v1/proposals/{p['id']}/close/").status_code == 403
    closed = post(bob, f"/api/v1/proposals/{p['id']}/close/").json()
    assert closed["results"]["final"] is True and closed["results"]["result"] == "decided"
    assert closed["results"]["eligible"] == 3 and closed["closed_at"] is not None
    refused = post(dave, vote_path, {"ranking": [1, 2, 3]})
    assert refused.status_code == 409
    assert refused.json() == {"detail": "Die Abstimmung ist beendet.", "code": "conflict"}
    detail = bob.get(f"/api/v1/discussions/{d.public_id}/").json()
    assert [x["results"]["result"] for x in detail["proposals"]] == ["decided"]


def test_an_anonymous_proposal_names_nobody_in_the_api(paying: Cast, client_for) -> None:
    cast = paying
    thread = discussion(cast, cast.alice, title="Vorsitz")
    p = proposal(cast, thread, cast.alice, process="simple", anonymous=True)
    vote(cast, p, cast.bob, choice="yes")
    vote(cast, p, cast.dave, choice="no")
    alice = client_for(cast.alpha, cast.alice)
    path = f"/api/v1/proposals/{p.public_id}/"
    open_body = alice.get(path).json()
    assert open_body["votes"] == [] and open_body["results"] is None
    assert open_body["vote_count"] == 2
    post(alice, path + "close/")
    for response in (alice.get(path), alice.get(f"/api/v1/discussions/{p.discussion.public_id}/")):
        text = json.dumps(response.json())
        assert "Bob" not in text and "Dave" not in text
    closed = alice.get(path).json()
    assert closed["votes"] == [] and closed["results"]["result"] == "tied"
    mine = client_for(cast.alpha, cast.bob).get(path).json()["my_vote"]
    assert mine["choice"] == "yes"  # each voter still sees their own vote


def test_other_organisations_and_guests(paying: Cast, client_for) -> None:
    cast = paying
    p = proposal(cast)
    for client in (client_for(cast.alpha, cast.carol), client_for(cast.alpha)):
        assert client.get(f"/api/v1/proposals/{p.public_id}/").status_code == 403
        assert (
            post(client, f"/api/v1/proposals/{p.public_id}/vote/", {"choice": "yes"}).status_code
            == 403
        )
    dave_in_beta = client_for(cast.beta, cast.dave)
    assert dave_in_beta.get(f"/api/v1/proposals/{p.public_id}/").status_code == 404
    assert dave_in_beta.get(f"/api/v1/discussions/{p.discussion.public_id}/").status_code == 404
    response = post(dave_in_beta, f"/api/v1/proposals/{p.public_id}/vote/", {"choice": "yes"})
    assert response.status_code == 404
    gina = client_for(cast.alpha, cast.gina)
    assert gina.get(f"/api/v1/proposals/{p.public_id}/").json()["can_vote"] is False
    assert (
        post(gina, f"/api/v1/proposals/{p.public_id}/vote/", {"choice": "yes"}).status_code == 403
    )
    assert in_alpha(cast, lambda: Vote.objects.count()) == 0


def test_discussions_and_proposals_are_in_the_openapi_schema(cast: Cast, client_for) -> None:
    schema = client_for(cast.alpha).get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for path in (
        "/api/v1/discussions/",
        "/api/v1/discussions/{public_id}/",
        "/api/v1/discussions/{public_id}/comments/",
        "/api/v1/proposals/",
        "/api/v1/proposals/{public_id}/",
        "/api/v1/proposals/{public_id}/vote/",
        "/api/v1/proposals/{public_id}/close/",
    ):
        assert path in schema["paths"], path
    proposal_schema = schema["components"]["schemas"]["Proposal"]["properties"]
    assert {"results", "votes", "my_vote", "options"} <= set(proposal_schema)

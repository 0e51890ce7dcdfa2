"""The boxes API on the network: "Meine Boxen", a box, its members, joining, leaving, handing
over, invitations and the offers of help on an impulse (public_marketplace/api_boxes.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core import mail

from public_marketplace.models import Impulse, OfferStatus, Participation
from public_marketplace.services import boxes
from tests.cast import Cast
from tests.public_marketplace.factories import make_impulse
from workspaces import invitations, services
from workspaces.models import (
    JoinRequest,
    Workspace,
    WorkspaceInvitation,
    WorkspaceMember,
    WorkspaceRole,
)
from workspaces.scopes import network_actor


@pytest.fixture
def box(cast: Cast) -> Workspace:
    """erin's impulse's box: erin owns it, gina helps (an accepted offer)."""
    impulse = make_impulse(cast.erin, title="Gemeinschaftsgarten Lindenau")
    offer = boxes.offer_help(impulse=impulse, user=cast.gina, brings=["time"])
    boxes.decide_offer(impulse=impulse, offer=offer, by=cast.erin, accept=True)
    impulse.refresh_from_db()
    assert impulse.box is not None
    return impulse.box


@pytest.fixture
def circle(cast: Cast) -> Workspace:
    """erin's friend circle (secret); nobody else is in it."""
    return services.create_circle(actor=network_actor(cast.erin), name="Doppelkopfrunde")


def _post(client: Any, path: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(path, json.dumps(body or {}), content_type="application/json")


def _roles(box: Workspace) -> dict[str, str]:
    return dict(WorkspaceMember.objects.filter(workspace=box).values_list("user__email", "role"))


# --- Boxes -------------------------------------------------------------------------------------


def test_my_boxes_lists_the_boxes_and_circles_i_am_in_and_nothing_else(
    cast: Cast, client_for: Any, box: Workspace, circle: Workspace
) -> None:
    answer = client_for(None, cast.erin).get("/api/v1/boxes/").json()
    assert [b["slug"] for b in answer["results"]] == sorted([circle.slug, box.slug])
    by_slug = {b["slug"]: b for b in answer["results"]}
    impulse = Impulse.objects.get(box=box)
    assert by_slug[box.slug]["impulse"] == str(impulse.public_id)
    assert by_slug[box.slug]["my_role"] == "owner"
    assert by_slug[circle.slug]["impulse"] is None
    assert by_slug[circle.slug]["visibility"] == "secret"
    gina = client_for(None, cast.gina).get("/api/v1/boxes/").json()
    assert [b["slug"] for b in gina["results"]] == [box.slug]
    assert client_for(None, cast.carol).get("/api/v1/boxes/").json()["results"] == []
    assert client_for().get("/api/v1/boxes/").status_code == 403


def test_a_friend_circle_is_404_for_everyone_outside_it(
    cast: Cast, client_for: Any, circle: Workspace
) -> None:
    for path in ("", "members/", "invitations/", "requests/"):
        response = client_for(None, cast.carol).get(f"/api/v1/boxes/{circle.slug}/{path}")
        assert response.status_code == 404, path
        assert response.json()["detail"]
    for path in ("join/", "leave/", "hand-over/", "invitations/"):
        response = _post(client_for(None, cast.carol), f"/api/v1/boxes/{circle.slug}/{path}")
        assert response.status_code == 404, path
    assert not JoinRequest.objects.filter(workspace=circle).exists()
    assert client_for(None, cast.erin).get(f"/api/v1/boxes/{circle.slug}/").status_code == 200
    assert client_for(None, cast.staff).get(f"/api/v1/boxes/{circle.slug}/").status_code == 200


def test_an_impulses_box_shows_itself_but_only_members_see_who_is_in_it(
    cast: Cast, client_for: Any, box: Workspace
) -> None:
    detail = client_for(None, cast.carol).get(f"/api/v1/boxes/{box.slug}/").json()
    assert detail["member_count"] == 2 and detail["my_role"] is None
    refused = client_for(None, cast.carol).get(f"/api/v1/boxes/{box.slug}/members/")
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    members = client_for(None, cast.gina).get(f"/api/v1/boxes/{box.slug}/members/").json()
    assert [(m["name"], m["role"]) for m in members["results"]] == [
        (cast.erin.name, "owner"),
        (cast.gina.name, "member"),
    ]
    assert "@" not in json.dumps(members)  # display names, never e-mail addresses


def test_members_are_paged_and_a_page_costs_the_same_for_a_bigger_box(
    cast: Cast, client_for: Any, box: Workspace, django_assert_max_num_queries: Any
) -> None:
    client = client_for(None, cast.erin)
    client.get(f"/api/v1/boxes/{box.slug}/members/")  # session and caches warm
    with django_assert_max_num_queries(6) as small:
        client.get(f"/api/v1/boxes/{box.slug}/members/")
    for user in (cast.alice, cast.bob, cast.carol, cast.dave, cast.staff):
        services.admit_member(box, user.pk)
    with django_assert_max_num_queries(len(small)) as _large:
        page = client.get(f"/api/v1/boxes/{box.slug}/members/?page_size=5").json()
    assert len(page["results"]) == 5 and page["next"]
    rest = client.get(page["next"]).json()
    assert len(rest["results"]) == 2 and rest["next"] is None


def test_my_boxes_cost_the_same_queries_with_one_box_or_many(
    cast: Cast, client_for: Any, box: Workspace, django_assert_max_num_queries: Any
) -> None:
    client = client_for(None, cast.erin)
    client.get("/api/v1/boxes/")
    with django_assert_max_num_queries(6) as one:
        client.get("/api/v1/boxes/")
    for n in range(5):
        services.create_circle(actor=network_actor(cast.erin), name=f"Runde {n}")
    with django_assert_max_num_queries(len(one)):
        assert len(client.get("/api/v1/boxes/").json()["results"]) == 6


def test_asking_to_join_twice_keeps_one_request_and_the_owner_decides(
    cast: Cast, client_for: Any, box: Workspace
) -> None:
    carol = client_for(None, cast.carol)
    for _ in range(2):
        response = _post(carol, f"/api/v1/boxes/{box.slug}/join/")
        assert response.status_code == 202 and response.json() == {"status": "requested"}
    assert JoinRequest.objects.filter(workspace=box).count() == 1
    request = JoinRequest.objects.get(workspace=box)
    gina = _post(client_for(None, cast.gina), f"/api/v1/boxes/{box.slug}/requests/")
    assert gina.status_code == 405
    listed = client_for(None, cast.gina).get(f"/api/v1/boxes/{box.slug}/requests/")
    assert listed.status_code == 403
    path = f"/api/v1/boxes/{box.slug}/requests/{request.public_id}/approve/"
    assert _post(client_for(None, cast.gina), path).status_code == 403
    erin = client_for(None, cast.erin)
    assert [r["name"] for r in erin.get(f"/api/v1/boxes/{box.slug}/requests/").json()] == [
        cast.carol.name
    ]
    assert _post(erin, path).json()["status"] == "approved"
    twice = _post(erin, path)
    assert twice.status_code == 409 and twice.json()["code"] == "conflict"
    assert _roles(box)[cast.carol.email] == "member"
    member = _post(carol, f"/api/v1/boxes/{box.slug}/join/")
    assert member.status_code == 409  # already in


def test_leaving_and_handing_over(cast: Cast, client_for: Any, box: Workspace) -> None:
    erin = client_for(None, cast.erin)
    refused = _post(erin, f"/api/v1/boxes/{box.slug}/leave/")
    assert refused.status_code == 409 and "Übergib" in refused.json()["detail"]
    not_owner = _post(
        client_for(None, cast.gina),
        f"/api/v1/boxes/{box.slug}/hand-over/",
        {"person": str(cast.gina.public_id)},
    )
    assert not_owner.status_code == 403
    stranger = _post(
        erin, f"/api/v1/boxes/{box.slug}/hand-over/", {"person": str(cast.carol.public_id)}
    )
    assert stranger.status_code == 400 and "person" in stranger.json()
    assert _post(erin, f"/api/v1/boxes/{box.slug}/hand-over/", {"person": "x"}).status_code == 400
    assert _roles(box) == {cast.erin.email: "owner", cast.gina.email: "member"}
    handed = _post(
        erin, f"/api/v1/boxes/{box.slug}/hand-over/", {"person": str(cast.gina.public_id)}
    )
    assert handed.status_code == 200 and handed.json()["my_role"] == "admin"
    assert _roles(box) == {cast.erin.email: "admin", cast.gina.email: "owner"}
    assert _post(erin, f"/api/v1/boxes/{box.slug}/leave/").status_code == 204
    assert _roles(box) == {cast.gina.email: "owner"}
    again = _post(erin, f"/api/v1/boxes/{box.slug}/leave/")
    assert again.status_code == 409


# --- Invitations -------------------------------------------------------------------------------


def test_owners_create_links_and_others_cannot(cast: Cast, client_for: Any, box: Workspace) -> None:
    gina = _post(client_for(None, cast.gina), f"/api/v1/boxes/{box.slug}/invitations/")
    assert gina.status_code == 403 and gina.json()["code"] == "forbidden"
    carol = _post(client_for(None, cast.carol), f"/api/v1/boxes/{box.slug}/invitations/")
    assert carol.status_code == 403
    assert not WorkspaceInvitation.objects.exists()
    erin = client_for(None, cast.erin)
    bad = _post(erin, f"/api/v1/boxes/{box.slug}/invitations/", {"valid_days": 0})
    assert bad.status_code == 400 and "valid_days" in bad.json()
    assert not WorkspaceInvitation.objects.exists()
    issued = _post(erin, f"/api/v1/boxes/{box.slug}/invitations/", {"valid_days": 7}).json()
    assert issued["kind"] == "link" and "/boxen/einladung/" in issued["url"]
    listed = erin.get(f"/api/v1/boxes/{box.slug}/invitations/").json()
    assert [i["id"] for i in listed] == [issued["id"]]
    assert "url" not in listed[0]  # the token is shown once
    token = issued["url"].rstrip("/").rsplit("/", 1)[-1]
    joined = _post(
        client_for(None, cast.carol), "/api/v1/box-invitations/accept/", {"token": token}
    )
    assert joined.status_code == 200 and joined.json()["my_role"] == "member"


def test_a_revoked_link_lets_nobody_in(cast: Cast, client_for: Any, circle: Workspace) -> None:
    issued = invitations.create_link(actor=network_actor(cast.erin), workspace=circle)
    erin = client_for(None, cast.erin)
    path = f"/api/v1/boxes/{circle.slug}/invitations/{issued.invitation.public_id}/"
    assert client_for(None, cast.gina).delete(path).status_code == 404  # cannot see the circle
    assert erin.delete(path).status_code == 204
    assert erin.delete(path).status_code == 404  # nothing left to revoke
    refused = _post(
        client_for(None, cast.gina), "/api/v1/box-invitations/accept/", {"token": issued.token}
    )
    assert refused.status_code == 400 and refused.json()["code"] == "revoked"
    unknown = _post(
        client_for(None, cast.gina), "/api/v1/box-invitations/accept/", {"token": "nope"}
    )
    assert unknown.status_code == 400 and unknown.json()["code"] == "unknown"
    assert cast.gina.email not in _roles(circle)
    assert client_for().post("/api/v1/box-invitations/accept/", {}).status_code == 403


def test_an_email_invitation_is_sent_once_and_bad_addresses_are_refused(
    cast: Cast, client_for: Any, box: Workspace, django_capture_on_commit_callbacks: Any
) -> None:
    erin = client_for(None, cast.erin)
    bad = _post(erin, f"/api/v1/boxes/{box.slug}/invitations/", {"email": "kein-at"})
    assert bad.status_code == 400 and "email" in bad.json()
    member = _post(erin, f"/api/v1/boxes/{box.slug}/invitations/", {"email": cast.gina.email})
    assert member.status_code == 409
    assert not WorkspaceInvitation.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        sent = _post(erin, f"/api/v1/boxes/{box.slug}/invitations/", {"email": "neu@example.org"})
    assert sent.status_code == 201
    assert sent.json()["kind"] == "email" and sent.json()["url"] == ""
    assert [m.to for m in mail.outbox] == [["neu@example.org"]]


# --- Offers ------------------------------------------------------------------------------------


@pytest.fixture
def offers(cast: Cast) -> tuple[Impulse, Participation, Participation]:
    """erin's impulse with two open offers: gina's and carol's."""
    impulse = make_impulse(cast.erin, title="Bänke für den Stadtteilpark")
    gina = boxes.offer_help(impulse=impulse, user=cast.gina, brings=["time"], note="Ab Mai")
    carol = boxes.offer_help(impulse=impulse, user=cast.carol)
    return impulse, gina, carol


def test_the_owner_sees_every_offer_and_a_helper_only_their_own(
    cast: Cast, client_for: Any, offers: Any
) -> None:
    impulse, gina, carol = offers
    path = f"/api/v1/impulses/{impulse.public_id}/offers/"
    owner = client_for(None, cast.erin).get(path).json()
    assert {o["id"] for o in owner} == {str(gina.public_id), str(carol.public_id)}
    mine = client_for(None, cast.gina).get(path).json()
    assert [(o["id"], o["note"]) for o in mine] == [(str(gina.public_id), "Ab Mai")]
    assert client_for(None, cast.bob).get(path).json() == []
    assert client_for().get(path).status_code == 403
    other = client_for(None, cast.gina).get(f"{path}{carol.public_id}/")
    assert other.status_code == 404


def test_accepting_opens_the_box_and_a_second_decision_changes_nothing(
    cast: Cast, client_for: Any, offers: Any
) -> None:
    impulse, gina, carol = offers
    base = f"/api/v1/impulses/{impulse.public_id}/offers"
    assert _post(client_for(None, cast.gina), f"{base}/{gina.public_id}/accept/").status_code == 403
    assert _post(client_for(None, cast.bob), f"{base}/{gina.public_id}/accept/").status_code == 404
    erin = client_for(None, cast.erin)
    accepted = _post(erin, f"{base}/{gina.public_id}/accept/")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    impulse.refresh_from_db()
    assert impulse.box is not None and cast.gina.email in _roles(impulse.box)
    for decision in ("accept", "decline"):
        twice = _post(erin, f"{base}/{gina.public_id}/{decision}/")
        assert twice.status_code == 409 and twice.json()["code"] == "conflict"
    gina.refresh_from_db()
    assert gina.status == OfferStatus.ACCEPTED
    declined = _post(erin, f"{base}/{carol.public_id}/decline/")
    assert declined.json()["status"] == "declined"
    assert cast.carol.email not in _roles(impulse.box)


def test_a_helper_offers_and_withdraws_their_own_open_offer(
    cast: Cast, client_for: Any, offers: Any
) -> None:
    impulse, gina, carol = offers
    base = f"/api/v1/impulses/{impulse.public_id}/offers/"
    bob = client_for(None, cast.bob)
    created = _post(
        bob, base, {"brings": ["materials"], "mode": "online", "note": "Habe Akkuschrauber"}
    )
    assert created.status_code == 201, created.json()
    offer = created.json()
    assert offer["brings"] == ["materials"] and offer["status"] == "offered"
    assert offer["helper"]["name"] == cast.bob.name
    again = _post(bob, base, {})
    assert again.status_code == 409
    bad = _post(bob, base, {"brings": ["gold"]})
    assert bad.status_code == 400 and "brings" in bad.json()
    owner_withdraws = client_for(None, cast.erin).delete(f"{base}{gina.public_id}/")
    assert owner_withdraws.status_code == 403
    assert bob.delete(f"{base}{offer['id']}/").status_code == 204
    assert not Participation.objects.filter(impulse=impulse, user=cast.bob).exists()
    boxes.decide_offer(impulse=impulse, offer=carol, by=cast.erin, accept=False)
    decided = client_for(None, cast.carol).delete(f"{base}{carol.public_id}/")
    assert decided.status_code == 409
    impulse.refresh_from_db()
    assert impulse.participant_count == 1  # gina's open offer


def test_the_offers_list_costs_the_same_for_two_offers_or_many(
    cast: Cast, client_for: Any, offers: Any, django_assert_max_num_queries: Any
) -> None:
    impulse, _gina, _carol = offers
    client = client_for(None, cast.erin)
    path = f"/api/v1/impulses/{impulse.public_id}/offers/"
    client.get(path)
    # The impulse with its districts, topics, pictures, history and report photos, then offers.
    with django_assert_max_num_queries(11) as two:
        client.get(path)
    for user in (cast.bob, cast.alice, cast.dave):
        boxes.offer_help(impulse=impulse, user=user)
    with django_assert_max_num_queries(len(two)):
        assert len(client.get(path).json()) == 5
    assert WorkspaceRole.OWNER == "owner"

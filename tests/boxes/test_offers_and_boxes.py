"""From "Mitmachen" to a box: offers with what people bring, the owner's decision, the box that
opens, the impulse's stages on its timeline, and the box's pages on the network."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Notification
from public_marketplace.models import ImpulseStatus, OfferStatus, Participation
from public_marketplace.services import boxes
from public_marketplace.services.impulses import ImpulseError, change_status, support_impulse
from tests.cast import Cast
from tests.public_marketplace.factories import district, make_impulse
from workspaces import services as workspace_services
from workspaces.models import WorkspaceMember, WorkspaceRole
from workspaces.scopes import network_actor
from workspaces.services import WorkspaceError


@pytest.fixture
def impulse(cast: Cast) -> Any:
    return make_impulse(cast.erin, title="Gemeinschaftsgarten am Lindenauer Markt")


def test_an_offer_says_what_the_helper_brings_and_moves_the_idea_to_gathering(
    cast: Cast, impulse: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        offer = boxes.offer_help(
            impulse=impulse,
            user=cast.gina,
            brings=["time", "materials"],
            mode="both",
            district=district("lindenau"),
            note="Samstags habe ich Zeit.",
        )
    impulse.refresh_from_db()
    assert offer.status == OfferStatus.OFFERED
    assert impulse.status == ImpulseStatus.GATHERING
    assert impulse.participant_count == 1
    assert [c.to_status for c in impulse.history.all()][-1] == ImpulseStatus.GATHERING
    assert Notification.objects.filter(user=cast.erin, verb="impulse.offer").exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"brings": ["money"]}, "brings"),
        ({"mode": "telepathy"}, "mode"),
        ({"note": "x" * 1001}, "note"),
    ],
)
def test_bad_offers_get_a_clear_message_and_change_nothing(
    cast: Cast, impulse: Any, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(ImpulseError) as error:
        boxes.offer_help(impulse=impulse, user=cast.gina, **kwargs)
    assert error.value.field == field
    assert not Participation.objects.filter(impulse=impulse).exists()


def test_one_offer_per_person_and_none_on_ones_own_impulse(cast: Cast, impulse: Any) -> None:
    boxes.offer_help(impulse=impulse, user=cast.gina)
    with pytest.raises(ImpulseError, match="schon Hilfe"):
        boxes.offer_help(impulse=impulse, user=cast.gina)
    with pytest.raises(ImpulseError, match="eigener Impuls"):
        boxes.offer_help(impulse=impulse, user=cast.erin)
    impulse.refresh_from_db()
    assert impulse.participant_count == 1


def test_accepting_the_first_helper_opens_the_box_with_owner_and_helper(
    cast: Cast, impulse: Any, django_capture_on_commit_callbacks: Any
) -> None:
    offer = boxes.offer_help(impulse=impulse, user=cast.gina)
    with django_capture_on_commit_callbacks(execute=True):
        boxes.decide_offer(impulse=impulse, offer=offer, by=cast.erin, accept=True)
    impulse.refresh_from_db()
    box = impulse.box
    assert box is not None and box.member_count == 2
    roles = dict(WorkspaceMember.objects.filter(workspace=box).values_list("user_id", "role"))
    assert roles == {cast.erin.pk: WorkspaceRole.OWNER, cast.gina.pk: WorkspaceRole.MEMBER}
    assert impulse.status == ImpulseStatus.IN_IMPLEMENTATION
    assert Notification.objects.filter(user=cast.gina, verb="impulse.offer_accepted").exists()


def test_an_offer_is_decided_once_and_only_by_the_owner(cast: Cast, impulse: Any) -> None:
    offer = boxes.offer_help(impulse=impulse, user=cast.gina)
    with pytest.raises(ImpulseError) as error:
        boxes.decide_offer(impulse=impulse, offer=offer, by=cast.bob, accept=True)
    assert error.value.code == "forbidden"
    boxes.decide_offer(impulse=impulse, offer=offer, by=cast.erin, accept=True)
    with pytest.raises(ImpulseError, match="schon entschieden"):
        boxes.decide_offer(impulse=impulse, offer=offer, by=cast.erin, accept=True)
    impulse.refresh_from_db()
    assert impulse.box.member_count == 2


def test_a_declined_offer_does_not_count_and_the_helper_hears_of_it(
    cast: Cast, impulse: Any, django_capture_on_commit_callbacks: Any
) -> None:
    offer = boxes.offer_help(impulse=impulse, user=cast.gina)
    with django_capture_on_commit_callbacks(execute=True):
        boxes.decide_offer(impulse=impulse, offer=offer, by=cast.erin, accept=False)
    impulse.refresh_from_db()
    assert impulse.participant_count == 0 and impulse.box is None
    assert Notification.objects.filter(user=cast.gina, verb="impulse.offer_declined").exists()


def test_the_owner_can_open_the_box_at_once_and_only_once(cast: Cast, impulse: Any) -> None:
    with pytest.raises(ImpulseError):
        boxes.open_box(impulse=impulse, by=cast.gina)
    box = boxes.open_box(impulse=impulse, by=cast.erin)
    assert boxes.open_box(impulse=impulse, by=cast.erin).pk == box.pk
    impulse.refresh_from_db()
    assert impulse.status == ImpulseStatus.IN_IMPLEMENTATION
    assert impulse.history.filter(to_status=ImpulseStatus.IN_IMPLEMENTATION).count() == 1


def test_stage_changes_reach_supporters_and_abandoning_needs_a_reason(
    cast: Cast, impulse: Any
) -> None:
    support_impulse(impulse=impulse, user=cast.bob)
    with pytest.raises(ImpulseError) as error:
        change_status(impulse=impulse, to_status=ImpulseStatus.ABANDONED, by=cast.erin)
    assert error.value.field == "note"
    change_status(
        impulse=impulse,
        to_status=ImpulseStatus.ABANDONED,
        by=cast.erin,
        note="Die Fläche wird bebaut.",
    )
    impulse.refresh_from_db()
    assert impulse.status == ImpulseStatus.ABANDONED
    # The job the change queued (public_marketplace.tasks.notify_stage_change):
    assert boxes.notify_stage_change(change_id=impulse.history.last().pk) == 1
    assert Notification.objects.filter(user=cast.bob, verb="impulse.stage").exists()
    with pytest.raises(ImpulseError):
        boxes.offer_help(impulse=impulse, user=cast.gina)


def test_the_owner_hands_the_box_over_and_cannot_leave_before(cast: Cast, impulse: Any) -> None:
    offer = boxes.offer_help(impulse=impulse, user=cast.gina)
    boxes.decide_offer(impulse=impulse, offer=offer, by=cast.erin, accept=True)
    impulse.refresh_from_db()
    box = impulse.box
    erin, gina = network_actor(cast.erin), network_actor(cast.gina)
    with pytest.raises(WorkspaceError, match="Übergib"):
        workspace_services.leave_workspace(actor=erin, workspace=box)
    with pytest.raises(WorkspaceError):
        workspace_services.hand_over_workspace(actor=gina, workspace=box, user=cast.gina)
    box.my_role = "owner"  # as the selectors annotate it for erin
    workspace_services.hand_over_workspace(actor=erin, workspace=box, user=cast.gina)
    roles = dict(WorkspaceMember.objects.filter(workspace=box).values_list("user_id", "role"))
    assert roles == {cast.erin.pk: WorkspaceRole.ADMIN, cast.gina.pk: WorkspaceRole.OWNER}
    workspace_services.leave_workspace(actor=erin, workspace=box)
    box.refresh_from_db()
    assert box.member_count == 1


# --- Pages -------------------------------------------------------------------------------------


def test_offer_form_page_and_owner_decides_on_the_impulse_page(
    cast: Cast, client_for: Any, impulse: Any
) -> None:
    gina = client_for(None, cast.gina)
    form_page = gina.get(f"/impulse/{impulse.public_id}/mitmachen/")
    assert form_page.status_code == 200 and "Was bringst du mit?" in form_page.text
    bad = gina.post(f"/impulse/{impulse.public_id}/mitmachen/", {"mode": "x"})
    assert bad.status_code == 400 and not Participation.objects.exists()
    done = gina.post(
        f"/impulse/{impulse.public_id}/mitmachen/",
        {"brings": ["skills"], "mode": "online", "note": "Ich kann Beete planen."},
    )
    assert done.status_code == 302
    offer = Participation.objects.get()
    # Only the owner sees offers and notes.
    assert (
        "Ich kann Beete planen."
        not in client_for(None, cast.bob).get(f"/impulse/{impulse.public_id}/").text
    )
    erin = client_for(None, cast.erin)
    page = erin.get(f"/impulse/{impulse.public_id}/")
    assert "Ich kann Beete planen." in page.text and "Annehmen" in page.text
    accepted = erin.post(
        f"/impulse/{impulse.public_id}/angebote/{offer.public_id}/", {"action": "accept"}
    )
    assert accepted.status_code == 302
    impulse.refresh_from_db()
    box_page = gina.get(f"/boxen/{impulse.box.slug}/")
    assert box_page.status_code == 200 and impulse.title in box_page.text
    assert impulse.box.name in gina.get("/boxen/").text
    twice = erin.post(
        f"/impulse/{impulse.public_id}/angebote/{offer.public_id}/", {"action": "accept"}
    )
    assert twice.status_code == 302
    assert WorkspaceMember.objects.filter(workspace=impulse.box).count() == 2


def test_a_box_posts_are_for_its_members(cast: Cast, client_for: Any, impulse: Any) -> None:
    box = boxes.open_box(impulse=impulse, by=cast.erin)
    box.my_role = "owner"  # type: ignore[attr-defined]
    post = workspace_services.create_post(
        actor=network_actor(cast.erin), body="Treffen am Samstag", workspace=box
    )
    outsider = client_for(None, cast.bob)
    assert "Treffen am Samstag" not in outsider.get(f"/boxen/{box.slug}/").text
    assert outsider.get(f"/beitraege/{post.public_id}/").status_code == 404
    assert client_for(None).get(f"/boxen/{box.slug}/").status_code == 302
    owner = client_for(None, cast.erin)
    assert "Treffen am Samstag" in owner.get(f"/boxen/{box.slug}/").text
    assert owner.get(f"/beitraege/{post.public_id}/").status_code == 200


def test_box_page_queries_do_not_grow_with_members_and_posts(
    cast: Cast, client_for: Any, impulse: Any
) -> None:
    box = boxes.open_box(impulse=impulse, by=cast.erin)
    box.my_role = "owner"  # type: ignore[attr-defined]
    erin = network_actor(cast.erin)
    client = client_for(None, cast.erin)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/boxen/{box.slug}/").status_code == 200
        return len(captured.captured_queries)

    workspace_services.create_post(actor=erin, body="Eins", workspace=box)
    small = queries()
    for user in (cast.gina, cast.bob, cast.carol, cast.dave):
        workspace_services.admit_member(box, user.pk)
    for n in range(8):
        workspace_services.create_post(actor=erin, body=f"Beitrag {n}", workspace=box)
    assert queries() <= small


def test_a_new_post_in_a_box_tells_the_other_members_unless_they_switched_it_off(
    cast: Cast, impulse: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from notifications.models import NotificationSettings

    box = boxes.open_box(impulse=impulse, by=cast.erin)
    for user in (cast.gina, cast.bob, cast.carol):
        workspace_services.admit_member(box, user.pk)
    NotificationSettings.objects.update_or_create(user=cast.carol, defaults={"box_activity": False})
    with django_capture_on_commit_callbacks(execute=False) as jobs:
        post = workspace_services.create_post(
            actor=network_actor(cast.erin), body="Treffen am Samstag", workspace=box
        )
    assert jobs  # enqueued after commit, sent by the worker
    assert workspace_services.notify_new_post(post_id=post.pk) == 2
    told = set(Notification.objects.filter(verb="workspace.post").values_list("user_id", flat=True))
    assert told == {cast.gina.pk, cast.bob.pk}  # not the author, not carol (switched off)
    note = Notification.objects.filter(verb="workspace.post").first()
    assert note is not None and note.url == f"/beitraege/{post.public_id}/"


def test_the_api_takes_an_offer_with_its_details_and_refuses_bad_ones(
    cast: Cast, client_for: Any, impulse: Any
) -> None:
    client = client_for(None, cast.gina)
    url = f"/api/v1/impulses/{impulse.public_id}/participation/"
    bad = client.post(url, {"brings": ["money"]}, content_type="application/json")
    assert bad.status_code == 400 and "brings" in bad.json()
    unknown = client.post(url, {"district": "atlantis"}, content_type="application/json")
    assert unknown.status_code == 400 and "district" in unknown.json()
    assert not Participation.objects.exists()
    done = client.post(
        url,
        {"brings": ["place"], "mode": "in_person", "district": "lindenau", "note": "Mein Hof"},
        content_type="application/json",
    )
    assert done.status_code == 201 and done.json()["participant_count"] == 1
    offer = Participation.objects.get()
    assert offer.brings == ["place"] and offer.district == district("lindenau")
    again = client.post(url, {}, content_type="application/json")
    assert again.status_code == 409


def test_the_stages_say_where_the_impulse_stands() -> None:
    from public_marketplace.models import Impulse, ImpulseStatus
    from public_marketplace.services.boxes import stages

    def states(status: str, box_id: int | None = None) -> list[tuple[str, str]]:
        impulse = Impulse(status=status, box_id=box_id)
        return [(stage.label, stage.state) for stage in stages(impulse)]

    assert [state for _label, state in states(ImpulseStatus.DRAFT)] == ["upcoming"] * 4
    assert states(ImpulseStatus.GATHERING) == [
        ("Idee", "done"),
        ("Mitstreiter:innen finden", "current"),
        ("In Umsetzung", "upcoming"),
        ("Umgesetzt", "upcoming"),
    ]
    assert states(ImpulseStatus.IMPLEMENTED)[-1] == ("Umgesetzt", "current")
    given_up = states(ImpulseStatus.ABANDONED, box_id=1)
    assert given_up[-1] == ("Aufgegeben", "abandoned")
    assert [state for _label, state in given_up[:3]] == ["done"] * 3

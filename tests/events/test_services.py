"""Events through the services: creating with clear errors for bad input, who sees which event,
answers with capacity and a waiting list that moves up, cancelling, and reminders sent once.
Runs inside alpha's schema (and, for the shared building block, in public)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection as default_connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context

from events import selectors, services
from events.models import Answer, Event, Rsvp
from events.services import EventError
from notifications.models import Notification
from tests.cast import Cast
from tests.events.factories import make_event
from tests.workspaces.factories import actor
from workspaces import permissions as perms
from workspaces import services as workspace_services
from workspaces.models import Visibility


@pytest.fixture
def alpha(cast: Cast) -> Iterator[Cast]:
    with tenant_context(cast.alpha):
        yield cast


def refused(code: str, fn: Any, *args: Any, **kwargs: Any) -> EventError:
    with pytest.raises(EventError) as info:
        fn(*args, **kwargs)
    assert info.value.code == code, info.value.message
    return info.value


def answer(who: Any, event: Event, value: str) -> Rsvp:
    return services.answer_event(actor=actor(who), event=event, answer=value)


def state(event: Event) -> tuple[int, int, int]:
    event.refresh_from_db()
    return event.going_count, event.waiting_count, event.maybe_count


def notified(verb: str) -> list[int]:
    return sorted(Notification.objects.filter(verb=verb).values_list("user_id", flat=True))


# --- Creating --------------------------------------------------------------------------------


def test_a_member_announces_an_event_for_the_whole_organisation(
    alpha: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    event = make_event(
        actor(alpha.bob),
        title="  Sommerfest ",
        description="Mit **Grill** <script>x</script>",
        place="Parkbühne",
        online_url="https://meet.example.org/sommer",
        capacity=50,
    )
    assert (event.title, event.workspace, event.created_by_id) == ("Sommerfest", None, alpha.bob.pk)
    assert "<strong>Grill</strong>" in event.description_html
    assert "<script>" not in event.description_html
    assert (event.capacity, event.places_left, event.going_count) == (50, 50, 0)
    assert selectors.event_for(actor(alpha.gina), event.public_id) is not None


def test_a_guest_sees_events_but_announces_and_answers_nothing(alpha: Cast) -> None:
    event = make_event(actor(alpha.bob))
    gina = actor(alpha.gina)
    error = refused("forbidden", make_event, gina)
    assert "Gast" in error.message
    error = refused("forbidden", answer, alpha.gina, event, Answer.YES)
    assert "Gast" in error.message
    assert Event.objects.count() == 1 and not Rsvp.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "   "}, "title", "Der Titel braucht 1 bis 200 Zeichen."),
        ({"title": "x" * 201}, "title", "Der Titel braucht 1 bis 200 Zeichen."),
        ({"ends_at": "start"}, "ends_at", "Das Ende muss nach dem Beginn liegen."),
        ({"ends_at": "before"}, "ends_at", "Das Ende muss nach dem Beginn liegen."),
        ({"starts_at": None}, "starts_at", "Bitte gib an, wann der Termin beginnt."),
        ({"online_url": "javascript:alert(1)"}, "online_url", "https://"),
        ({"online_url": "meet example"}, "online_url", "https://"),
        ({"online_url": "ftp://files.example.org"}, "online_url", "https://"),
        ({"capacity": 0}, "capacity", "zwischen 1 und 100.000"),
        ({"description": "x" * 10_001}, "description", "10.000 Zeichen"),
        ({"starts_at": "past"}, "ends_at", "Vergangenheit"),
    ],
)
def test_bad_input_gets_a_clear_error_and_changes_nothing(
    alpha: Cast, changes: dict[str, Any], field: str, message: str
) -> None:
    start = timezone.now() + timedelta(days=2)
    values: dict[str, Any] = {
        "title": "Treffen",
        "starts_at": start,
        "ends_at": start + timedelta(hours=1),
        **changes,
    }
    if values["ends_at"] == "start":
        values["ends_at"] = start
    if values["ends_at"] == "before":
        values["ends_at"] = start - timedelta(minutes=1)
    if values["starts_at"] == "past":
        values["starts_at"] = start - timedelta(days=10)
        values["ends_at"] = start - timedelta(days=9)
    error = refused("invalid", services.create_event, actor=actor(alpha.bob), **values)
    assert error.field == field and message in error.message
    assert not Event.objects.exists()


def test_a_bad_edit_leaves_the_event_as_it_was(alpha: Cast) -> None:
    event = make_event(actor(alpha.bob), title="Vorher")
    refused(
        "invalid",
        services.update_event,
        actor=actor(alpha.bob),
        event=event,
        title="Nachher",
        description="",
        starts_at=event.starts_at,
        ends_at=event.starts_at - timedelta(hours=1),
        place="",
        online_url="",
        capacity=None,
    )
    event.refresh_from_db()
    assert event.title == "Vorher"


def test_in_a_group_only_its_members_announce_and_only_readers_see(alpha: Cast) -> None:
    bob, dave, alice = actor(alpha.bob), actor(alpha.dave), actor(alpha.alice)
    group = workspace_services.create_workspace(actor=bob, name="AG Rad")
    error = refused("forbidden", make_event, dave, workspace=group)
    assert "Mitglieder" in error.message
    open_event = make_event(bob, workspace=group, title="Radtour")
    secret = workspace_services.create_workspace(
        actor=bob, name="Findungskommission", visibility=Visibility.SECRET
    )
    closed = workspace_services.create_workspace(
        actor=bob, name="Vorstand", visibility=Visibility.CLOSED
    )
    secret_event = make_event(bob, workspace=secret, title="Geheimtreffen")
    closed_event = make_event(bob, workspace=closed, title="Vorstandssitzung")
    make_event(alice, title="Für alle")

    def titles(who: Any) -> list[str]:
        return sorted(e.title for e in selectors.upcoming_events(who).items)

    assert titles(dave) == ["Für alle", "Radtour"]
    assert titles(bob) == sorted(["Für alle", "Geheimtreffen", "Radtour", "Vorstandssitzung"])
    assert titles(alice) == titles(bob)  # organisation admins see every group
    for hidden in (secret_event, closed_event):
        assert selectors.event_for(dave, hidden.public_id) is None
        refused("not_found", answer, alpha.dave, hidden, Answer.YES)
    assert selectors.event_for(dave, open_event.public_id) is not None
    assert [e.title for e in selectors.upcoming_events(dave, workspace=secret).items] == []


@pytest.mark.parametrize("visibility", list(Visibility))
@pytest.mark.parametrize("who", ["gina", "bob", "dave", "alice"])
def test_who_reads_a_groups_events_is_exactly_who_may_read_the_group(
    alpha: Cast, visibility: str, who: str
) -> None:
    """readable_events writes can_read_workspace as SQL: the two must never drift apart."""
    group = workspace_services.create_workspace(
        actor=actor(alpha.bob), name="Gruppe", visibility=visibility
    )
    event = make_event(actor(alpha.bob), workspace=group)
    viewer = actor(getattr(alpha, who))
    from workspaces.selectors import workspace_for

    seen_group = workspace_for(viewer, group.slug)
    may_read = seen_group is not None and perms.can_read_workspace(viewer, seen_group)
    assert (selectors.event_for(viewer, event.public_id) is not None) == may_read


# --- Answers, capacity, waiting list ---------------------------------------------------------


def test_one_answer_per_person_and_it_can_change(alpha: Cast) -> None:
    event = make_event(actor(alpha.bob))
    answer(alpha.dave, event, Answer.YES)
    assert state(event) == (1, 0, 0)
    answer(alpha.dave, event, Answer.MAYBE)
    assert state(event) == (0, 0, 1)
    answer(alpha.dave, event, Answer.NO)
    assert state(event) == (0, 0, 0)
    answer(alpha.dave, event, Answer.YES)
    answer(alpha.dave, event, Answer.YES)
    assert state(event) == (1, 0, 0)
    assert Rsvp.objects.filter(event=event).count() == 1
    refused("invalid", answer, alpha.dave, event, "perhaps")
    assert Rsvp.objects.get(event=event).answer == Answer.YES


def test_beyond_the_capacity_people_wait_and_move_up_in_order_with_a_notice(
    alpha: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    event = make_event(actor(alpha.alice), capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert answer(alpha.bob, event, Answer.YES).waiting is False
        assert answer(alpha.dave, event, Answer.YES).waiting is True
        assert answer(alpha.alice, event, Answer.YES).waiting is True
    assert state(event) == (1, 2, 0)
    # Waiting dave cannot jump the queue by answering maybe and then yes again.
    answer(alpha.dave, event, Answer.MAYBE)
    assert answer(alpha.dave, event, Answer.YES).waiting is True
    assert state(event) == (1, 2, 0)
    with django_capture_on_commit_callbacks(execute=True):
        answer(alpha.bob, event, Answer.NO)
    assert Rsvp.objects.get(event=event, user=alpha.alice).going
    assert Rsvp.objects.get(event=event, user=alpha.dave).waiting
    assert state(event) == (1, 1, 0)
    assert notified("event.moved_up") == [alpha.alice.pk]
    # The last one waiting gives up: nobody moves, nothing is told.
    answer(alpha.dave, event, Answer.NO)
    assert state(event) == (1, 0, 0) and notified("event.moved_up") == [alpha.alice.pk]


def test_more_places_move_people_up_and_fewer_take_no_place_away(alpha: Cast) -> None:
    bob = actor(alpha.alice)
    event = make_event(bob, capacity=1)
    for who in (alpha.bob, alpha.dave, alpha.alice):
        answer(who, event, Answer.YES)
    assert state(event) == (1, 2, 0)

    def edit(capacity: int | None) -> None:
        services.update_event(
            actor=bob,
            event=event,
            title=event.title,
            description="",
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            place="",
            online_url="",
            capacity=capacity,
        )

    edit(2)
    assert state(event) == (2, 1, 0)
    assert Rsvp.objects.get(event=event, user=alpha.dave).going
    edit(1)
    assert state(event) == (2, 1, 0)  # nobody loses a place they had
    edit(None)
    assert state(event) == (3, 0, 0)


def test_every_change_to_who_goes_locks_the_event_row_first(alpha: Cast) -> None:
    """Two people answering for the last place are serialised by the event row's lock."""
    event = make_event(actor(alpha.alice), capacity=1)
    with CaptureQueriesContext(default_connection) as queries:
        answer(alpha.bob, event, Answer.YES)
    locked = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    assert locked and 'FOR UPDATE OF "events_event"' in locked[0]


def test_no_answers_to_cancelled_or_past_events(alpha: Cast) -> None:
    event = make_event(actor(alpha.bob))
    services.cancel_event(actor=actor(alpha.bob), event=event)
    error = refused("conflict", answer, alpha.dave, event, Answer.YES)
    assert "abgesagt" in error.message
    Event.objects.filter(pk=event.pk).update(
        cancelled_at=None,
        starts_at=timezone.now() - timedelta(hours=3),
        ends_at=timezone.now() - timedelta(hours=1),
    )
    assert "vorbei" in refused("conflict", answer, alpha.dave, event, Answer.YES).message
    assert not Rsvp.objects.exists()


# --- Editing and cancelling ------------------------------------------------------------------


def test_only_the_author_group_admins_and_organisation_admins_change_an_event(
    alpha: Cast,
) -> None:
    event = make_event(actor(alpha.bob))
    for who in (alpha.dave, alpha.gina):
        refused("forbidden", services.cancel_event, actor=actor(who), event=event)
    event.refresh_from_db()
    assert event.cancelled_at is None
    group = workspace_services.create_workspace(actor=actor(alpha.dave), name="Daves AG")
    workspace_services.join_workspace(actor=actor(alpha.bob), workspace=group)
    in_group = make_event(actor(alpha.bob), workspace=group)
    fresh = selectors.event_for(actor(alpha.dave), in_group.public_id)
    assert fresh is not None and services.can_edit_event(actor(alpha.dave), fresh)
    fresh = selectors.event_for(actor(alpha.alice), event.public_id)
    assert fresh is not None and services.can_edit_event(actor(alpha.alice), fresh)


def test_cancelling_tells_everyone_who_said_yes_maybe_or_waits(
    alpha: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    event = make_event(actor(alpha.bob), capacity=1)
    answer(alpha.alice, event, Answer.YES)
    answer(alpha.dave, event, Answer.YES)  # waits
    answer(alpha.bob, event, Answer.MAYBE)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(actor=actor(alpha.bob), event=event)
    # bob cancelled it himself; nobody said no, so everyone else hears of it.
    assert notified("event.cancelled") == sorted([alpha.alice.pk, alpha.dave.pk])
    first = Event.objects.get(pk=event.pk).cancelled_at
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(actor=actor(alpha.alice), event=event)
    assert Event.objects.get(pk=event.pk).cancelled_at == first
    assert len(notified("event.cancelled")) == 2


# --- Reminders -------------------------------------------------------------------------------


def test_reminders_go_once_to_everyone_going_to_an_event_within_a_day(alpha: Cast) -> None:
    soon = make_event(actor(alpha.alice), capacity=1, starts_in=timedelta(hours=10))
    later = make_event(actor(alpha.alice), starts_in=timedelta(days=3))
    called_off = make_event(actor(alpha.alice), starts_in=timedelta(hours=5))
    answer(alpha.bob, soon, Answer.YES)
    answer(alpha.dave, soon, Answer.YES)  # waits: no reminder
    answer(alpha.alice, soon, Answer.MAYBE)
    answer(alpha.bob, later, Answer.YES)
    answer(alpha.dave, called_off, Answer.YES)
    services.cancel_event(actor=actor(alpha.alice), event=called_off)

    assert services.send_due_reminders() == 1
    assert notified("event.reminder") == [alpha.bob.pk]
    assert services.send_due_reminders() == 0
    assert notified("event.reminder") == [alpha.bob.pk]
    reminder = Notification.objects.get(verb="event.reminder")
    assert reminder.url == f"/termine/{soon.public_id}/" and "Erinnerung" in reminder.title
    # Two days later the other event is due: only that one goes out.
    assert services.send_due_reminders(now=timezone.now() + timedelta(days=2)) == 1


def test_the_reminder_task_runs_in_the_schema_it_is_sent_to(alpha: Cast) -> None:
    from events.tasks import send_event_reminders

    event = make_event(actor(alpha.alice), starts_in=timedelta(hours=2))
    answer(alpha.bob, event, Answer.YES)
    assert send_event_reminders.apply().get() == 1
    assert send_event_reminders.apply().get() == 0


# --- Subscription tokens ---------------------------------------------------------------------


def test_a_new_subscription_token_revokes_the_old_one(alpha: Cast) -> None:
    bob = actor(alpha.bob)
    first = services.renew_calendar_token(actor=bob)
    assert services.calendar_token_owner(first) == alpha.bob
    second = services.renew_calendar_token(actor=bob)
    assert first != second and len(second) >= 40
    assert services.calendar_token_owner(first) is None
    assert services.calendar_token_owner(second) == alpha.bob
    assert services.revoke_calendar_token(actor=bob) is True
    assert services.calendar_token_owner(second) is None
    assert services.calendar_token_owner("") is None


# --- Paging ----------------------------------------------------------------------------------


def test_pages_go_by_start_and_never_repeat_or_skip(alpha: Cast) -> None:
    alice = actor(alpha.alice)
    start = timezone.now().replace(microsecond=0) + timedelta(days=1)
    for i in range(7):
        # Pairs with the same start: the id breaks the tie.
        at = start + timedelta(hours=i // 2)
        services.create_event(
            actor=alice, title=f"T{i}", starts_at=at, ends_at=at + timedelta(hours=1)
        )
    seen: list[str] = []
    cursor = ""
    while True:
        page = selectors.upcoming_events(alice, cursor=cursor, limit=3)
        seen += [e.title for e in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert seen == [f"T{i}" for i in range(7)]
    forged = selectors.upcoming_events(alice, cursor="bm9wZQ", limit=3)
    assert [e.title for e in forged.items] == ["T0", "T1", "T2"]


def test_the_same_building_block_serves_the_network(cast: Cast) -> None:
    """Installed in the public schema too: citizen boxes announce events the same way, and
    only their members read them. The network has no events outside a box."""
    from workspaces import services as workspace_services
    from workspaces.scopes import network_actor

    erin = network_actor(cast.erin)
    circle = workspace_services.create_circle(actor=erin, name="Kiezputz-Runde")
    circle.my_role = "owner"  # type: ignore[attr-defined]
    event = make_event(erin, workspace=circle, title="Kiezputz")
    answer_row = services.answer_event(actor=erin, event=event, answer=Answer.YES)
    assert answer_row.going
    assert [e.title for e in selectors.upcoming_events(erin).items] == ["Kiezputz"]
    assert selectors.upcoming_events(network_actor(cast.bob)).items == []
    with pytest.raises(services.EventError) as refused:
        make_event(erin, title="Ohne Box")
    assert refused.value.field == "group"


def test_a_new_time_is_told_to_those_coming_and_their_reminder_is_due_again(
    alpha: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    event = make_event(actor(alpha.bob), starts_in=timedelta(hours=5), place="Saal")
    answer(alpha.dave, event, Answer.YES)
    answer(alpha.alice, event, Answer.NO)
    assert services.send_due_reminders() == 1

    def edit(**changes: Any) -> None:
        values = {
            "title": event.title,
            "description": "",
            "starts_at": event.starts_at,
            "ends_at": event.ends_at,
            "place": event.place,
            "online_url": "",
            "capacity": None,
            **changes,
        }
        with django_capture_on_commit_callbacks(execute=True):
            services.update_event(actor=actor(alpha.bob), event=event, **values)

    edit(title="Neuer Titel")  # same time and place: nobody is bothered
    assert notified("event.changed") == [] and services.send_due_reminders() == 0
    edit(starts_at=event.starts_at + timedelta(hours=1), ends_at=event.ends_at + timedelta(hours=1))
    assert notified("event.changed") == [alpha.dave.pk]
    assert services.send_due_reminders() == 1


def test_who_may_no_longer_read_an_event_hears_nothing_more_about_it(
    alpha: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    """Someone who left a closed group (or the organisation) is not told its event's title."""
    from intranet.services import set_active

    alice, dave = actor(alpha.alice), actor(alpha.dave)
    group = workspace_services.create_workspace(
        actor=alice, name="Vorstand", visibility=Visibility.CLOSED
    )
    for person in (alpha.bob, alpha.dave):
        workspace_services.add_workspace_member(actor=alice, workspace=group, user=person)
    event = make_event(alice, workspace=group, starts_in=timedelta(hours=6), capacity=1)
    answer(alpha.bob, event, Answer.YES)
    answer(alpha.dave, event, Answer.YES)  # waits
    workspace_services.leave_workspace(actor=dave, workspace=group)
    with django_capture_on_commit_callbacks(execute=True):
        answer(alpha.bob, event, Answer.MAYBE)  # dave moves up, but is not told
    assert Rsvp.objects.get(event=event, user=alpha.dave).going
    assert notified("event.moved_up") == []
    set_active(organisation=alpha.alpha, user=alpha.bob, active=False, acting_user=alpha.alice)
    assert services.send_due_reminders() == 0  # dave left the group
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(actor=alice, event=event)
    assert notified("event.cancelled") == []  # bob left the organisation, dave the group

"""People answering at the same moment, each on their own database connection: the lock on
the event row lets exactly ``capacity`` of them in, the rest wait, and the counters agree
with the rows. (Committed data, cleaned up afterwards: the race needs separate transactions.)"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections
from django_tenants.utils import tenant_context

from events import services
from events.models import Answer, Event, Rsvp
from notifications.models import Notification
from tests.cast import Cast
from tests.events.factories import make_event
from tests.workspaces.factories import actor


def in_thread(fn: Callable[[], Any]) -> Any:
    """Run ``fn`` on a fresh connection (its own transaction, committed)."""
    result: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            result.append(fn())
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return result[0] if result else None


def test_simultaneous_yes_answers_never_overbook(cast: Cast) -> None:
    def create() -> Event:
        with tenant_context(cast.alpha):
            return make_event(actor(cast.alice), title="Nur ein Platz", capacity=1)

    event = in_thread(create)
    people = [cast.alice, cast.bob, cast.dave]
    barrier = threading.Barrier(len(people))
    errors: list[BaseException] = []

    def answer(user: Any) -> None:
        try:
            with tenant_context(cast.alpha):
                who = actor(user)
                barrier.wait(timeout=10)
                services.answer_event(actor=who, event=event, answer=Answer.YES)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            errors.append(exc)
        finally:
            connections.close_all()

    try:
        threads = [threading.Thread(target=answer, args=(u,)) for u in people]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert not errors, errors

        def outcome() -> tuple[int, int, int, int]:
            with tenant_context(cast.alpha):
                fresh = Event.objects.get(pk=event.pk)
                rows = Rsvp.objects.filter(event=event)
                going = rows.filter(waiting=False, answer=Answer.YES).count()
                return (
                    going,
                    rows.filter(waiting=True).count(),
                    fresh.going_count,
                    fresh.waiting_count,
                )

        assert in_thread(outcome) == (1, 2, 1, 2)
    finally:

        def clean() -> None:
            with tenant_context(cast.alpha):
                Event.objects.filter(pk=event.pk).delete()
                Notification.objects.filter(verb__startswith="event.").delete()

        in_thread(clean)

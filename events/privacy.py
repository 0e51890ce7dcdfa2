"""Events in a person's data rights (see accounts/privacy.py).

Answers (RSVPs) and the calendar feed token go, and a freed place goes to the waiting list as
when someone says no; events the person created stay for the group without their name.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from accounts.privacy import Rows, by_user, deleted, null_out, rows
from events.models import CalendarToken, Event, Rsvp
from events.services import _move_up

MODELS = ["events.Event", "events.Rsvp", "events.CalendarToken"]


def export(user: User) -> dict[str, Rows]:
    return {
        "events_created": rows(by_user(Event, user, "created_by", "cancelled_by")),
        "answers": rows(by_user(Rsvp, user, "user")),
        "calendar_token": rows(by_user(CalendarToken, user, "user")),
    }


def _count(**condition: object) -> Coalesce:
    return Coalesce(
        Subquery(
            Rsvp.objects.filter(Q(**condition), event=OuterRef("pk"))
            .values("event")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )


@transaction.atomic
def erase(user: User) -> int:
    answered = set(by_user(Rsvp, user, "user").values_list("event_id", flat=True))
    count = deleted(by_user(Rsvp, user, "user"))
    count += deleted(by_user(CalendarToken, user, "user"))
    for event in Event.objects.select_for_update().filter(pk__in=answered).order_by("pk"):
        Event.objects.filter(pk=event.pk).update(
            going_count=_count(answer="yes", waiting=False),
            waiting_count=_count(answer="yes", waiting=True),
            maybe_count=_count(answer="maybe"),
        )
        event.refresh_from_db()
        if event.cancelled_at is None and event.starts_at > timezone.now():
            _move_up(event)  # the same rule as a "no": first come, first served
    return count + null_out(Event, user, "created_by", "cancelled_by")

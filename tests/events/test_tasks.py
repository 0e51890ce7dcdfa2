"""The reminder job: scheduled by beat in public, from there once inside every organisation
(through tenants' fan-out, tested with the real broker in tests/test_tasks.py)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django_tenants.utils import tenant_context

from events import services
from events.models import Answer
from events.tasks import send_event_reminders
from tests.cast import Cast
from tests.events.factories import make_event
from tests.workspaces.factories import actor


def test_beat_runs_the_reminders_often_enough_for_a_day_ahead() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["event-reminders"]
    assert entry["task"] == "tenants.tasks.fan_out_to_organisations"
    assert entry["args"] == ("events.tasks.send_event_reminders",)
    assert entry["kwargs"] == {"and_public": True}
    assert float(entry["schedule"]) <= 3600  # type: ignore[arg-type]


def test_inside_an_organisation_the_job_reminds_once(cast: Cast) -> None:
    with tenant_context(cast.alpha):
        event = make_event(actor(cast.alice), starts_in=timedelta(hours=3))
        services.answer_event(actor=actor(cast.bob), event=event, answer=Answer.YES)
        assert send_event_reminders.apply().get() == 1
        assert send_event_reminders.apply().get() == 0

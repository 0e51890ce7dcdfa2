"""The reminder job: scheduled by beat in public, from there once inside every organisation
(through tenants' fan-out, tested with the real broker in tests/test_tasks.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django_tenants.utils import tenant_context

from events import services
from events.models import Answer
from events.tasks import send_event_reminders
from tenants.db import connection
from tests.cast import Cast
from tests.events.factories import make_event
from tests.workspaces.factories import actor


def test_beat_runs_the_reminders_often_enough_for_a_day_ahead() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["event-reminders"]
    assert entry["task"] == "events.tasks.send_event_reminders"
    assert float(entry["schedule"]) <= 3600  # type: ignore[arg-type]


def test_from_public_the_job_fans_out_to_every_organisation(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[str] = []

    def record(task_name: str, *args: Any) -> int:
        sent.append(task_name)
        return 2

    monkeypatch.setattr("tenants.services.enqueue_in_every_organisation", record)
    connection.set_schema_to_public()
    send_event_reminders.apply().get()
    assert sent == ["events.tasks.send_event_reminders"]
    with tenant_context(cast.alpha):
        event = make_event(actor(cast.alice), starts_in=timedelta(hours=3))
        services.answer_event(actor=actor(cast.bob), event=event, answer=Answer.YES)
        assert send_event_reminders.apply().get() == 1
    assert sent == ["events.tasks.send_event_reminders"]  # no second fan-out from inside

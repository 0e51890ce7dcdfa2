"""The closing job is on the beat schedule and runs in every organisation's schema."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tenants.utils import tenant_context

from decisions import tasks
from decisions.models import Outcome
from tests.cast import Cast
from tests.decisions.factories import in_alpha, proposal


def test_beat_closes_due_proposals_every_few_minutes() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["close-due-proposals"]
    assert entry["task"] == "tenants.tasks.fan_out_to_organisations"
    assert entry["args"] == ("decisions.tasks.close_due_proposals",)
    assert float(entry["schedule"]) <= 300  # type: ignore[arg-type]


def test_inside_an_organisation_the_task_closes_its_due_proposals_once(
    paying: Cast, monkeypatch: Any
) -> None:
    p = proposal(paying, closes_at=timezone.now() + timedelta(minutes=10))
    later = timezone.now() + timedelta(minutes=11)
    monkeypatch.setattr("decisions.services.timezone.now", lambda: later)
    with tenant_context(paying.alpha):
        assert tasks.close_due_proposals() == 1
        assert tasks.close_due_proposals() == 0
    assert in_alpha(paying, lambda: Outcome.objects.get(proposal=p).result) == "no_votes"

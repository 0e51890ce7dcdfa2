"""Events for tests, in whatever schema the test has entered."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from events import services
from events.models import Event
from workspaces.models import Workspace
from workspaces.permissions import Actor


def make_event(
    actor: Actor,
    *,
    workspace: Workspace | None = None,
    title: str = "Mitgliederversammlung",
    starts_in: timedelta = timedelta(days=3),
    hours: float = 2,
    **fields: Any,
) -> Event:
    starts_at = timezone.now().replace(microsecond=0) + starts_in
    return services.create_event(
        actor=actor,
        workspace=workspace,
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        **fields,
    )

"""Workspaces and tasks for the task tests, in both scopes."""

from __future__ import annotations

from typing import Any

from django_tenants.utils import tenant_context

from taskboard import services
from taskboard.models import Task
from tests.cast import Cast
from tests.workspaces.factories import actor
from workspaces import services as workspace_services
from workspaces.models import Workspace


def group_in_alpha(cast: Cast, **kwargs: Any) -> Workspace:
    """An intranet group in alpha: bob founded it (its admin), dave joined."""
    with tenant_context(cast.alpha):
        group = workspace_services.create_workspace(
            actor=actor(cast.bob), name="Wahlkampf", **kwargs
        )
        workspace_services.join_workspace(actor=actor(cast.dave), workspace=group)
        return group


def box_on_network(cast: Cast) -> Workspace:
    """A citizen box: erin's impulse, erin owns it, gina helps (accepted offer)."""
    from public_marketplace.services import boxes
    from tests.public_marketplace.factories import make_impulse

    impulse = make_impulse(cast.erin, title="Gemeinschaftsgarten Lindenau")
    offer = boxes.offer_help(impulse=impulse, user=cast.gina, brings=["time"])
    boxes.decide_offer(impulse=impulse, offer=offer, by=cast.erin, accept=True)
    impulse.refresh_from_db()
    assert impulse.box is not None
    return impulse.box


def task_in(workspace: Workspace, by: Any, **kwargs: Any) -> Task:
    """A task made by ``by`` (an actor of the current schema)."""
    kwargs.setdefault("title", "Flyer drucken")
    return services.create_task(actor=by, workspace=workspace, **kwargs)

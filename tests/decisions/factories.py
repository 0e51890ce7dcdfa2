"""Discussions and proposals for tests, made through the services inside alpha's schema."""

from __future__ import annotations

from typing import Any

from django_tenants.utils import tenant_context

from decisions import services
from decisions.models import Discussion, Proposal
from tests.cast import Cast
from tests.decisions.conftest import soon
from tests.workspaces.factories import actor


def in_alpha(cast: Cast, fn: Any) -> Any:
    with tenant_context(cast.alpha):
        return fn()


def act(cast: Cast, fn: Any, who: Any, **kwargs: Any) -> Any:
    """Call a service as ``who`` in alpha."""
    with tenant_context(cast.alpha):
        return fn(actor=actor(who), **kwargs)


def discussion(cast: Cast, who: Any = None, **kwargs: Any) -> Discussion:
    kwargs.setdefault("title", "Sommerfest")
    return act(cast, services.start_discussion, who or cast.bob, **kwargs)


def proposal(
    cast: Cast, thread: Discussion | None = None, who: Any = None, **kwargs: Any
) -> Proposal:
    kwargs.setdefault("title", "Wir feiern am 1. Juli")
    kwargs.setdefault("process", "simple")
    kwargs.setdefault("closes_at", soon())
    thread = thread or discussion(cast)
    return act(cast, services.start_proposal, who or cast.bob, discussion=thread, **kwargs)


def vote(cast: Cast, p: Proposal, who: Any, **kwargs: Any) -> Any:
    return act(cast, services.cast_vote, who, proposal=p, **kwargs)

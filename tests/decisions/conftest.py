"""Fixtures for decisions: a plan with the "decisions" feature for alpha (decisions are paid),
and helpers to act in alpha's schema."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.cast import Cast


def give_plan(cast: Cast, *, features: list[str], status: str = "active") -> Any:
    from billing.entitlements import forget_entitlements
    from billing.models import BillingAccount, Plan

    plan, _ = Plan.objects.update_or_create(
        slug="verein-test",
        defaults={"name": "Verein (Test)", "features": features, "price_monthly_cents": 900},
    )
    account, _ = BillingAccount.objects.update_or_create(
        organisation=cast.alpha, defaults={"plan": plan, "status": status}
    )
    forget_entitlements(cast.alpha)
    return account


@pytest.fixture
def paying(cast: Cast) -> Iterator[Cast]:
    """Alpha subscribes to a plan with decisions (an active subscription)."""
    give_plan(cast, features=["decisions"])
    yield cast


def soon(days: float = 3) -> Any:
    return timezone.now() + timedelta(days=days)

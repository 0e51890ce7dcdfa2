"""Entitlements per subscription state, and the one query they cost."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from billing.entitlements import compute_entitlements, entitlements, has_feature
from billing.models import BillingAccount
from tenants.models import Organisation
from tests.cast import Cast


@pytest.fixture
def verein_account(cast: Cast, plans: dict[str, Any]) -> BillingAccount:
    return BillingAccount.objects.create(
        organisation=cast.alpha, plan=plans["verein"], status="active"
    )


def test_an_organisation_without_an_account_has_the_free_plan(cast: Cast, plans: Any) -> None:
    ent = entitlements(Organisation.objects.get(pk=cast.beta.pk))
    assert (ent.plan_slug, ent.member_limit, ent.storage_mb, ent.read_only) == (
        "free",
        30,
        1024,
        False,
    )
    assert ent.features == frozenset()


@pytest.mark.parametrize(
    ("status", "grace_days", "plan_slug", "usable", "read_only"),
    [
        ("active", None, "verein", True, False),
        ("trialing", None, "verein", True, False),
        ("past_due", 3, "verein", True, False),  # within the grace period
        ("past_due", -1, "verein", False, True),  # grace over: read-only
        ("unpaid", -1, "verein", False, True),
        ("canceled", None, "free", False, False),
        ("incomplete", None, "free", False, False),
        ("none", None, "free", False, False),
    ],
)
def test_entitlements_follow_the_subscription_state(
    verein_account: BillingAccount,
    status: str,
    grace_days: int | None,
    plan_slug: str,
    usable: bool,
    read_only: bool,
) -> None:
    verein_account.status = status
    verein_account.grace_until = (
        timezone.now() + timedelta(days=grace_days) if grace_days is not None else None
    )
    ent = compute_entitlements(verein_account)
    assert ent.plan_slug == plan_slug
    assert ("decisions" in ent.features) is usable
    assert ent.read_only is read_only
    assert "decisions" in ent.readable_features  # never deleted, at worst read-only


def test_entitlements_cost_one_query_per_request_and_none_after(
    verein_account: BillingAccount, django_assert_num_queries: Any
) -> None:
    org = Organisation.objects.get(pk=verein_account.organisation_id)
    entitlements(Organisation.objects.get(pk=org.pk))  # warms the free plan's cache entry
    with django_assert_num_queries(1):
        assert has_feature(org, "decisions")
        assert not has_feature(org, "single_sign_on")
        assert not has_feature(org, "custom_domain")
        assert entitlements(org).member_limit == 250


def test_one_organisations_plan_does_not_reach_another(
    verein_account: BillingAccount, cast: Cast
) -> None:
    assert has_feature(Organisation.objects.get(pk=cast.alpha.pk), "decisions")
    assert not has_feature(Organisation.objects.get(pk=cast.beta.pk), "decisions")

"""Plans as data and their mirror in Stripe (the local double)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command

from billing.models import Plan
from tests.billing.conftest import stripe_client


def test_sync_plans_creates_the_defaults_once_and_keeps_staff_edits(cast: Any) -> None:
    call_command("sync_plans")
    assert list(Plan.objects.values_list("slug", flat=True)) == [
        "free",
        "verein",
        "partei",
        "pro-mitglied",
    ]
    free = Plan.objects.get(slug="free")
    assert (free.member_limit, free.storage_mb, free.features) == (30, 1024, [])
    Plan.objects.filter(slug="verein").update(price_monthly_cents=3500)
    call_command("sync_plans")
    assert Plan.objects.count() == 4
    assert Plan.objects.get(slug="verein").price_monthly_cents == 3500
    assert Plan.objects.get(slug="pro-mitglied").per_seat


def test_the_stripe_catalog_sync_is_idempotent_and_follows_price_changes(cast: Any) -> None:
    call_command("sync_plans")
    call_command("sync_stripe_catalog")
    first = {p.slug: p for p in Plan.objects.all()}
    assert first["free"].stripe_product_id == ""  # the free plan is not sold
    verein = first["verein"]
    assert verein.stripe_product_id.startswith("prod_")
    stripe_plan = stripe_client().v1.plans.retrieve(verein.stripe_price_yearly_id)
    assert (stripe_plan.amount, stripe_plan.interval, stripe_plan.product) == (
        29000,
        "year",
        verein.stripe_product_id,
    )

    call_command("sync_stripe_catalog")
    again = {p.slug: p for p in Plan.objects.all()}
    for slug, plan in first.items():
        assert (
            again[slug].stripe_product_id,
            again[slug].stripe_price_monthly_id,
            again[slug].stripe_price_yearly_id,
        ) == (plan.stripe_product_id, plan.stripe_price_monthly_id, plan.stripe_price_yearly_id)

    Plan.objects.filter(slug="verein").update(price_monthly_cents=3500)
    call_command("sync_stripe_catalog")
    changed = Plan.objects.get(slug="verein")
    assert changed.stripe_product_id == verein.stripe_product_id
    assert changed.stripe_price_yearly_id == verein.stripe_price_yearly_id
    assert changed.stripe_price_monthly_id != verein.stripe_price_monthly_id
    assert stripe_client().v1.plans.retrieve(changed.stripe_price_monthly_id).amount == 3500

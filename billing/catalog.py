"""The default plans. ``manage.py sync_plans`` creates the missing ones; staff edit them after.

Only features the code provides may be listed: each ``Feature`` needs a ``has_feature`` check
(tests/billing/test_feature_registry.py fails otherwise)."""

from __future__ import annotations

from typing import Any

from billing.models import FREE_PLAN_SLUG, PLAN_TEXT, Feature

DEFAULT_PLANS: list[dict[str, Any]] = [
    {
        "slug": FREE_PLAN_SLUG,
        "name": PLAN_TEXT[FREE_PLAN_SLUG][0],
        "description": PLAN_TEXT[FREE_PLAN_SLUG][1],
        "features": [],
        "member_limit": 30,
        "storage_mb": 1024,
        "price_monthly_cents": 0,
        "price_yearly_cents": 0,
        "per_seat": False,
        "position": 0,
    },
    {
        "slug": "verein",
        "name": PLAN_TEXT["verein"][0],
        "description": PLAN_TEXT["verein"][1],
        "features": [Feature.DECISIONS.value],
        "member_limit": 250,
        "storage_mb": 10 * 1024,
        "price_monthly_cents": 2900,
        "price_yearly_cents": 29000,
        "per_seat": False,
        "position": 10,
    },
    {
        "slug": "partei",
        "name": PLAN_TEXT["partei"][0],
        "description": PLAN_TEXT["partei"][1],
        "features": [
            Feature.DECISIONS.value,
            Feature.CUSTOM_DOMAIN.value,
            Feature.SINGLE_SIGN_ON.value,
            Feature.API_ACCESS.value,
        ],
        "member_limit": 2000,
        "storage_mb": 100 * 1024,
        "price_monthly_cents": 9900,
        "price_yearly_cents": 99000,
        "per_seat": False,
        "position": 20,
    },
    {
        "slug": "pro-mitglied",
        "name": PLAN_TEXT["pro-mitglied"][0],
        "description": PLAN_TEXT["pro-mitglied"][1],
        "features": [
            Feature.DECISIONS.value,
            Feature.CUSTOM_DOMAIN.value,
            Feature.SINGLE_SIGN_ON.value,
            Feature.API_ACCESS.value,
        ],
        "member_limit": None,
        "storage_mb": 200 * 1024,
        "price_monthly_cents": 150,
        "price_yearly_cents": 1500,
        "per_seat": True,
        "position": 30,
    },
]

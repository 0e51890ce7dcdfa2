"""The default plans. ``manage.py sync_plans`` creates the missing ones; staff edit them after.

Only features the code provides may be listed: each ``Feature`` needs a ``has_feature`` check
(tests/billing/test_feature_registry.py fails otherwise)."""

from __future__ import annotations

from typing import Any

from billing.models import FREE_PLAN_SLUG, Feature

DEFAULT_PLANS: list[dict[str, Any]] = [
    {
        "slug": FREE_PLAN_SLUG,
        "name": "Kostenlos",
        "description": "Das Intranet für kleine Gruppen: Feed, Gruppen, Termine, Dokumente.",
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
        "name": "Verein",
        "description": "Für Vereine und Initiativen: Diskussionen, Anträge und Beschlüsse.",
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
        "name": "Partei / Profi",
        "description": "Für Parteien und Verbände: alle Funktionen, eigene Domain, Single Sign-on.",
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
        "name": "Pro Mitglied",
        "description": "Alle Funktionen, abgerechnet je aktivem Mitglied.",
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

"""Money and feature names on the billing pages."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils import formats

from billing.models import Feature

register = template.Library()


@register.filter
def euros(cents: int | None) -> str:
    """1990 → "19,90 €" (German) / "19.90 €" (English)."""
    if cents is None:
        return "–"
    amount = formats.number_format(Decimal(cents) / 100, 2, use_l10n=True, force_grouping=True)
    return f"{amount}\u00a0€"


@register.filter
def feature_label(value: str) -> str:
    try:
        return str(Feature(value).label)
    except ValueError:
        return value

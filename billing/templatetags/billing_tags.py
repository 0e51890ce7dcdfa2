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


@register.filter
def storage(megabytes: float | int | None) -> str:
    """10240 → "10 GB", 1536 → "1,5 GB", 500 → "500 MB" (plans count storage in MB)."""
    if megabytes is None:
        return "–"
    mb = Decimal(str(megabytes))
    if mb < 1024:
        return f"{formats.number_format(mb.normalize(), 0, use_l10n=True)}\u00a0MB"
    gb = mb / 1024
    places = 0 if gb == gb.to_integral_value() else 1
    return f"{formats.number_format(gb, places, use_l10n=True, force_grouping=True)}\u00a0GB"


@register.simple_tag
def plans_with(feature: str) -> str:
    """The offered plans with a feature, as a phrase („A“ oder „B“), from the plan data."""
    from billing.selectors import plan_names_with

    return plan_names_with(feature)

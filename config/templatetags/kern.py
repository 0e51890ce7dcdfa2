"""Render Django form widgets with the KERN UX design system's classes."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def kern_widget(field: BoundField) -> SafeString:
    widget = field.field.widget
    if isinstance(widget, forms.Select):
        css = "kern-form-input__select"
    elif isinstance(widget, forms.CheckboxInput):
        css = "kern-form-check__checkbox"
    else:
        css = "kern-form-input__input"
    if field.errors:
        css += f" {css}--error"
    attrs: dict[str, Any] = {"class": css}
    described_by = [f"{field.id_for_label}-hint"] if field.help_text else []
    if field.errors:
        described_by.append(f"{field.id_for_label}-error")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)


@register.simple_tag(takes_context=True)
def nav_current(context: dict[str, Any], href: str) -> SafeString:
    """``aria-current`` for a navigation link: "page" on the page itself, "true" inside its section.

    The home link ("/") only counts on the home page, or it would mark every page."""
    request = context.get("request")
    path = getattr(request, "path", "")
    if not path or not href.startswith("/"):
        return SafeString("")
    if path == href:
        return SafeString(' aria-current="page"')
    if href != "/" and path.startswith(href):
        return SafeString(' aria-current="true"')
    return SafeString("")

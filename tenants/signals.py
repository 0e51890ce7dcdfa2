"""Signals of the organisation lifecycle, for apps on higher floors to react to without
``tenants`` importing them (docs/architecture.md, "Floors")."""

from __future__ import annotations

from django.dispatch import Signal

# Sent after an organisation's schema is dropped; kwargs: schema_name.
organisation_purged = Signal()

"""Billing pages inside an organisation's intranet (included by config/urls_tenant.py)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []

"""Routes for the public impact dashboard (included by config/urls_public.py)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []

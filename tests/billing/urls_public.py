"""The public URL conf with the billing routes, until config/urls_public.py includes them."""

from __future__ import annotations

from django.urls import include, path

from config.urls_public import handler403, handler404, handler500
from config.urls_public import urlpatterns as public_urlpatterns

urlpatterns = [path("", include("billing.urls")), *public_urlpatterns]

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]

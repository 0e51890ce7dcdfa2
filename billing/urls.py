"""Billing routes on the public host."""

from __future__ import annotations

from django.urls import path

from billing import views

urlpatterns = [
    path("stripe/webhook/", views.stripe_webhook, name="stripe_webhook"),
    path("staff/abrechnung/", views.staff_overview, name="billing_staff"),
]

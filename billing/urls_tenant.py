"""Billing pages inside an organisation's intranet (owners and admins)."""

from __future__ import annotations

from django.urls import include, path

from billing import views_intranet as views

app_urls = (
    [
        path("", views.overview, name="overview"),
        path("buchen/", views.subscribe, name="subscribe"),
        path("kasse/", views.local_checkout, name="checkout"),
        path("wechseln/", views.change, name="change"),
        path("kuendigen/", views.cancel, name="cancel"),
        path("zahlungsdaten/", views.portal, name="portal"),
        path("rechnungsdaten/", views.details, name="details"),
    ],
    "billing",
)

urlpatterns = [path("einstellungen/abrechnung/", include(app_urls))]

"""Routes for the public impact dashboard (included by config/urls_public.py)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from impact import api, views

urlpatterns: list[URLPattern | URLResolver] = [
    path("wirkung/", views.overview, name="impact_overview"),
    path("wirkung/<slug:city>/", views.city_dashboard, name="impact_city"),
    path("wirkung/<slug:city>/<slug:district>/", views.district_dashboard, name="impact_district"),
    path("api/v1/impact/<slug:city>/", api.CityImpactView.as_view(), name="impact-api-city"),
    path(
        "api/v1/impact/<slug:city>/<slug:district>/",
        api.DistrictImpactView.as_view(),
        name="impact-api-district",
    ),
]

"""Routes for the network's follows (included by config/urls_public.py)."""

from __future__ import annotations

from django.urls import path

from public_marketplace import views_follows as views

urlpatterns = [
    path("impulse/<uuid:public_id>/folgen/", views.follow_impulse, name="follow_impulse"),
    path(
        "staedte/<slug:city>/bezirke/<slug:district>/folgen/",
        views.follow_district,
        name="follow_district",
    ),
    path("organisation/<slug:slug>/folgen/", views.follow_organisation, name="follow_organisation"),
    path("api/v1/follows/", views.FollowList.as_view(), name="api-follow-list"),
]

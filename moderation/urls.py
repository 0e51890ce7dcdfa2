"""Routes for reports and the moderation queue (included by config/urls_public.py)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from moderation import api, views

urlpatterns: list[URLPattern | URLResolver] = [
    path("melden/<slug:kind>/<uuid:public_id>/", views.report_create, name="report_create"),
    path("moderation/", views.queue, name="moderation_queue"),
    path("moderation/protokoll/", views.audit_log, name="moderation_log"),
    path("moderation/personen/<uuid:public_id>/sperren/", views.block, name="moderation_block"),
    path(
        "moderation/personen/<uuid:public_id>/entsperren/",
        views.unblock,
        name="moderation_unblock",
    ),
    path(
        "moderation/meldungen/<uuid:public_id>/verwerfen/",
        views.dismiss,
        name="moderation_dismiss",
    ),
    path("moderation/<slug:kind>/<uuid:public_id>/verbergen/", views.hide, name="moderation_hide"),
    path(
        "moderation/<slug:kind>/<uuid:public_id>/wiederherstellen/",
        views.restore,
        name="moderation_restore",
    ),
    path("api/v1/reports/", api.ReportCreate.as_view(), name="api-report-create"),
]

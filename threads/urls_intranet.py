"""Comment actions, reporting and moderation inside an organisation (config/urls_tenant.py)."""

from __future__ import annotations

from django.urls import path

from threads import views

app_name = "threads"

urlpatterns = [
    path("kommentare/<uuid:public_id>/antworten/", views.reply, name="reply"),
    path("kommentare/<uuid:public_id>/bearbeiten/", views.edit, name="edit"),
    path("kommentare/<uuid:public_id>/loeschen/", views.delete, name="delete"),
    path("kommentare/<uuid:public_id>/reaktion/", views.react, name="react"),
    path("kommentare/<uuid:public_id>/melden/", views.report, name="report"),
    path("moderation/", views.queue, name="queue"),
    path("moderation/kommentare/<uuid:public_id>/verbergen/", views.hide, name="hide"),
    path(
        "moderation/kommentare/<uuid:public_id>/wiederherstellen/",
        views.restore,
        name="restore",
    ),
    path("moderation/kommentare/<uuid:public_id>/verwerfen/", views.dismiss, name="dismiss"),
]

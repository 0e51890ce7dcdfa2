"""Routes for the notification centre and settings (included by both URL confs: on an
organisation's host they serve that organisation's schema)."""

from __future__ import annotations

from django.urls import path

from notifications import api, views

urlpatterns = [
    path("benachrichtigungen/", views.centre, name="notifications"),
    path("benachrichtigungen/alle-gelesen/", views.read_all, name="notifications_read_all"),
    path("benachrichtigungen/einstellungen/", views.settings_page, name="notification_settings"),
    path("benachrichtigungen/<uuid:public_id>/gelesen/", views.read, name="notification_read"),
    path("api/v1/notifications/", api.NotificationList.as_view(), name="api-notification-list"),
    path(
        "api/v1/notifications/read-all/",
        api.NotificationReadAll.as_view(),
        name="api-notification-read-all",
    ),
    path(
        "api/v1/notifications/settings/",
        api.NotificationSettingsView.as_view(),
        name="api-notification-settings",
    ),
    path(
        "api/v1/notifications/<uuid:public_id>/read/",
        api.NotificationRead.as_view(),
        name="api-notification-read",
    ),
]

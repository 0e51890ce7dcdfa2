"""Routes for the events calendar. Mounted by the tool registry
(workspaces/tools.py) on every host that offers the tool."""

from __future__ import annotations

from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("termine/", views.calendar, name="calendar"),
    path("termine/neu/", views.event_create, name="event_create"),
    path("termine/abo/", views.subscription, name="subscription"),
    path("termine/abo/<str:token>.ics", views.subscription_feed, name="subscription_feed"),
    path("termine/gruppe/<slug:slug>/", views.group_calendar, name="group_calendar"),
    path("termine/<uuid:public_id>/", views.event_detail, name="event"),
    path("termine/<uuid:public_id>/bearbeiten/", views.event_edit, name="event_edit"),
    path("termine/<uuid:public_id>/absagen/", views.event_cancel, name="event_cancel"),
    path("termine/<uuid:public_id>/antwort/", views.event_answer, name="event_answer"),
    path("termine/<uuid:public_id>/termin.ics", views.event_ics, name="event_ics"),
]

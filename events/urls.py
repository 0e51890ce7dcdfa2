"""Routes for the events calendar. Mounted by the tool registry (workspaces/tools.py): on an
intranet the organisation's calendar, a group's and one event at /termine/<id>/; on the network
only a box's (events/urls_network.py, /boxen/<slug>/termine/…). The same views and names."""

from __future__ import annotations

from django.urls import include, path

from events import views

app_name = "events"

# One event and its actions, under /termine/ on an intranet, under the box on the network.
event_routes = [
    path("<uuid:public_id>/", views.event_detail, name="event"),
    path("<uuid:public_id>/bearbeiten/", views.event_edit, name="event_edit"),
    path("<uuid:public_id>/absagen/", views.event_cancel, name="event_cancel"),
    path("<uuid:public_id>/antwort/", views.event_answer, name="event_answer"),
    path("<uuid:public_id>/termin.ics", views.event_ics, name="event_ics"),
]

urlpatterns = [
    path("termine/", views.calendar, name="calendar"),
    path("termine/neu/", views.event_create, name="event_create"),
    path("termine/abo/", views.subscription, name="subscription"),
    path("termine/abo/<str:token>.ics", views.subscription_feed, name="subscription_feed"),
    path("termine/gruppe/<slug:slug>/", views.group_calendar, name="group_calendar"),
    path("termine/", include(event_routes)),
]

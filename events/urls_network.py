"""Events in citizen boxes on the network: a box's calendar, a new event and one event with its
answers and .ics, under /boxen/<slug>/termine/. Nothing scope-wide: no calendar of all boxes
and no subscription feed (a box's events are for its members, found in the box)."""

from __future__ import annotations

from django.urls import include, path

from events import views
from events.urls import event_routes

app_name = "events"

urlpatterns = [
    path("boxen/<slug:slug>/termine/", views.group_calendar, name="group_calendar"),
    path("boxen/<slug:slug>/termine/neu/", views.event_create, name="event_create"),
    path("boxen/<slug:slug>/termine/", include(event_routes)),
]

"""Tasks in citizen boxes on the network: the same routes as on an intranet, under /boxen/."""

from __future__ import annotations

from django.urls import include, path

from taskboard.urls import task_routes

app_name = "taskboard"

urlpatterns = [path("boxen/<slug:slug>/aufgaben/", include(task_routes))]

"""The progress log of citizen boxes on the network: the same routes as on an intranet,
under /boxen/."""

from __future__ import annotations

from django.urls import include, path

from progress.urls import progress_routes

app_name = "progress"

urlpatterns = [path("boxen/<slug:slug>/fortschritt/", include(progress_routes))]

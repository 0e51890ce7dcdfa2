"""Discussions and decisions in citizen boxes on the network: a box's discussions, a new one,
one discussion with its comments and proposals, voting and closing, under
/boxen/<slug>/diskussionen/ and /boxen/<slug>/abstimmungen/. Nothing scope-wide: no list of
every discussion (a box's are for its members, found in the box)."""

from __future__ import annotations

from django.urls import include, path

from decisions import views
from decisions.urls import discussion_routes, proposal_routes

app_name = "decisions"

urlpatterns = [
    path("boxen/<slug:slug>/diskussionen/", views.group_discussions, name="group_discussions"),
    path("boxen/<slug:slug>/diskussionen/", include(discussion_routes)),
    path("boxen/<slug:slug>/abstimmungen/", include(proposal_routes)),
]

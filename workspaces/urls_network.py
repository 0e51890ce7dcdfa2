"""Routes for boxes on the public network: the intranet group's pages under /boxen/, the same
views (they take their actor from the scope). No scope-wide feed or open list of all boxes:
people find boxes through their impulses and "Meine Boxen"."""

from __future__ import annotations

from django.urls import include, path

from workspaces import views
from workspaces.urls import post_routes, workspace_routes

app_name = "workspaces"

urlpatterns = [
    path("boxen/", views.my_boxes, name="my_boxes"),
    # Before the box routes: "neu" is a reserved slug, so no box is called that.
    path("boxen/neu/", views.circle_create, name="circle_create"),
    path("boxen/", include(workspace_routes)),
    *post_routes,
]

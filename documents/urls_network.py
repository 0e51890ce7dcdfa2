"""Documents in citizen boxes on the network: a box's folders, uploads, documents with their
versions and the downloads, under /boxen/<slug>/dokumente/. Nothing scope-wide: no list of all
documents (a box's documents are for its members, found in the box)."""

from __future__ import annotations

from django.urls import include, path

from documents import views
from documents.urls import document_routes

app_name = "documents"

urlpatterns = [
    path("boxen/<slug:slug>/dokumente/", views.group, name="group"),
    path("boxen/<slug:slug>/dokumente/", include(document_routes)),
]

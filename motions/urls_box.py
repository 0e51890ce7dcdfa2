"""Routes of motions in a citizen box (/boxen/<slug>/antraege/…), mounted by the tool
registry (workspaces/tools.py)."""

from __future__ import annotations

from django.urls import include, path

from motions import views

app_name = "motions"

M = "<uuid:public_id>"

routes = [
    path("", views.box, name="box"),
    path("neu/", views.create, name="create"),
    path(f"{M}/", views.draft, name="draft"),
    path(f"{M}/bearbeiten/", views.edit, name="edit"),
    path(f"{M}/vergleich/", views.compare, name="compare"),
    path(f"{M}/absaetze/<int:pk>/", views.paragraph, name="paragraph"),
    path(f"{M}/unterschriften-oeffnen/", views.open_signing, name="open_signing"),
    path(f"{M}/einreichen/", views.submit, name="submit"),
    path(f"{M}/antrag.pdf", views.box_pdf, name="pdf"),
]

urlpatterns = [path("boxen/<slug:slug>/antraege/", include(routes))]

"""Routes of the progress log, mounted by the tool registry (workspaces/tools.py): under the
group on an intranet (/gruppen/<slug>/fortschritt/…), under the box on the network
(progress/urls_network.py, /boxen/<slug>/fortschritt/…). The same views and names on both."""

from __future__ import annotations

from django.urls import include, path

from progress import views

app_name = "progress"

E = "<uuid:public_id>"

progress_routes = [
    path("", views.log, name="log"),
    path("neu/", views.create, name="create"),
    path(f"{E}/zeigen/", views.choose, name="choose"),
    path(f"{E}/loeschen/", views.delete, name="delete"),
    path(f"{E}/foto/", views.photo, name="photo"),
]

urlpatterns = [path("gruppen/<slug:slug>/fortschritt/", include(progress_routes))]

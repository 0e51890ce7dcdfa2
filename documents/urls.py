"""Routes for documents. Mounted by the tool registry (workspaces/tools.py): on an intranet the
organisation's documents, a group's and the folders and documents at /dokumente/…; on the
network only a box's (documents/urls_network.py, /boxen/<slug>/dokumente/…). The same views
and names."""

from __future__ import annotations

from django.urls import include, path

from documents import views

app_name = "documents"

# A workspace's (or the organisation's) folders, documents and downloads, under /dokumente/ on
# an intranet, under the box on the network.
document_routes = [
    path("hochladen/", views.upload, name="upload"),
    path("ordner/neu/", views.folder_create, name="folder_create"),
    path("ordner/<uuid:public_id>/", views.folder, name="folder"),
    path("ordner/<uuid:public_id>/bearbeiten/", views.folder_edit, name="folder_edit"),
    path("ordner/<uuid:public_id>/loeschen/", views.folder_delete, name="folder_delete"),
    path(
        "versionen/<uuid:public_id>/herunterladen/",
        views.version_download,
        name="version_download",
    ),
    path("<uuid:public_id>/", views.document, name="document"),
    path("<uuid:public_id>/herunterladen/", views.download, name="download"),
    path("<uuid:public_id>/neue-version/", views.version_upload, name="version_upload"),
    path("<uuid:public_id>/bearbeiten/", views.document_edit, name="document_edit"),
    path("<uuid:public_id>/loeschen/", views.document_delete, name="document_delete"),
]

urlpatterns = [
    path("dokumente/", views.index, name="index"),
    path("dokumente/gruppe/<slug:slug>/", views.group, name="group"),
    path("dokumente/", include(document_routes)),
]

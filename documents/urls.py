"""Routes for documents. Mounted by the tool registry
(workspaces/tools.py) on every host that offers the tool."""

from __future__ import annotations

from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("dokumente/", views.index, name="index"),
    path("dokumente/hochladen/", views.upload, name="upload"),
    path("dokumente/gruppe/<slug:slug>/", views.group, name="group"),
    path("dokumente/ordner/neu/", views.folder_create, name="folder_create"),
    path("dokumente/ordner/<uuid:public_id>/", views.folder, name="folder"),
    path("dokumente/ordner/<uuid:public_id>/bearbeiten/", views.folder_edit, name="folder_edit"),
    path("dokumente/ordner/<uuid:public_id>/loeschen/", views.folder_delete, name="folder_delete"),
    path(
        "dokumente/versionen/<uuid:public_id>/herunterladen/",
        views.version_download,
        name="version_download",
    ),
    path("dokumente/<uuid:public_id>/", views.document, name="document"),
    path("dokumente/<uuid:public_id>/herunterladen/", views.download, name="download"),
    path("dokumente/<uuid:public_id>/neue-version/", views.version_upload, name="version_upload"),
    path("dokumente/<uuid:public_id>/bearbeiten/", views.document_edit, name="document_edit"),
    path("dokumente/<uuid:public_id>/loeschen/", views.document_delete, name="document_delete"),
]

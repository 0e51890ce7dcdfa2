"""Comment actions on the network for places that use the thread block's own routes (posts in
citizen boxes). Impulse comments keep their addresses (public_marketplace/urls_comments.py);
reports of box comments go to the box's admins, who delete, so there is no report route here."""

from __future__ import annotations

from django.urls import path

from threads import views

app_name = "threads"

urlpatterns = [
    path("boxen/kommentare/<uuid:public_id>/antworten/", views.reply, name="reply"),
    path("boxen/kommentare/<uuid:public_id>/bearbeiten/", views.edit, name="edit"),
    path("boxen/kommentare/<uuid:public_id>/loeschen/", views.delete, name="delete"),
    path("boxen/kommentare/<uuid:public_id>/reaktion/", views.react, name="react"),
]

"""Routes of the thread building block (included on the network and in every intranet)."""

from __future__ import annotations

from django.urls import path

from threads import views

urlpatterns = [
    path("kommentare/<uuid:public_id>/", views.permalink, name="comment_permalink"),
]

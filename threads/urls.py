"""Routes of the thread block: the permalink on every host (included by both URL confs)."""

from __future__ import annotations

from django.urls import path

from threads import views

urlpatterns = [
    path("kommentare/<uuid:public_id>/", views.permalink, name="comment_permalink"),
]

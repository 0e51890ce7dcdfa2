"""Routes for the network's comments (included by config/urls_public.py)."""

from __future__ import annotations

from django.urls import path

from public_marketplace import views_comments as views

urlpatterns = [
    path("impulse/<uuid:public_id>/kommentare/", views.comment_create, name="comment_create"),
    path("kommentare/<uuid:public_id>/bearbeiten/", views.comment_edit, name="comment_edit"),
    path("kommentare/<uuid:public_id>/loeschen/", views.comment_delete, name="comment_delete"),
    path(
        "api/v1/impulses/<uuid:public_id>/comments/",
        views.CommentList.as_view(),
        name="api-comment-list",
    ),
    path(
        "api/v1/comments/<uuid:public_id>/",
        views.CommentDetail.as_view(),
        name="api-comment-detail",
    ),
]

"""Routes for groups and feeds. Included by the intranet's URL conf now; the network's boxes
will include the same routes."""

from __future__ import annotations

from django.urls import path

from threads import views as thread_views
from workspaces import views

app_name = "workspaces"

urlpatterns = [
    path("feed/", views.feed, name="feed"),
    path("feed/neu/", views.feed_new, name="feed_new"),
    path("gruppen/", views.group_list, name="groups"),
    path("gruppen/neu/", views.group_create, name="group_create"),
    path("gruppen/<slug:slug>/", views.group, name="group"),
    path("gruppen/<slug:slug>/neu/", views.group_new_posts, name="group_new_posts"),
    path("gruppen/<slug:slug>/beitreten/", views.group_join, name="group_join"),
    path("gruppen/<slug:slug>/verlassen/", views.group_leave, name="group_leave"),
    path("gruppen/<slug:slug>/einstellungen/", views.group_settings, name="group_settings"),
    path(
        "gruppen/<slug:slug>/mitglieder/hinzufuegen/",
        views.group_member_add,
        name="group_member_add",
    ),
    path("gruppen/<slug:slug>/mitglieder/<uuid:person>/", views.group_member, name="group_member"),
    path(
        "gruppen/<slug:slug>/anfragen/<uuid:request_id>/",
        views.group_request,
        name="group_request",
    ),
    path("beitraege/<uuid:public_id>/", views.post_detail, name="post"),
    path("beitraege/<uuid:public_id>/bearbeiten/", views.post_edit, name="post_edit"),
    path("beitraege/<uuid:public_id>/loeschen/", views.post_delete, name="post_delete"),
    path("beitraege/<uuid:public_id>/anheften/", views.post_pin, name="post_pin"),
    path("beitraege/<uuid:public_id>/reaktion/", views.post_react, name="post_react"),
    path("beitraege/<uuid:public_id>/kommentare/", views.post_comment, name="post_comment"),
    path(
        "beitraege/kommentare/<uuid:public_id>/loeschen/",
        thread_views.delete,  # the thread block's action; the old address keeps working
        name="post_comment_delete",
    ),
]

"""Routes for the intranet's groups and feed. The network's boxes mount the same workspace and
post routes (workspaces/urls_network.py)."""

from __future__ import annotations

from django.urls import include, path

from threads import views as thread_views
from workspaces import views

app_name = "workspaces"

# The pages of one workspace, under the scope's prefix: /gruppen/ on an intranet, /boxen/ on
# the network (workspaces/urls_network.py).
workspace_routes = [
    # First, so no workspace address shadows it ("einladung" is a reserved slug).
    path("einladung/<str:token>/", views.invitation, name="invitation"),
    path("<slug:slug>/", views.group, name="group"),
    path("<slug:slug>/neu/", views.group_new_posts, name="group_new_posts"),
    path("<slug:slug>/erwaehnen/", views.mention_suggestions, name="group_mentions"),
    path("<slug:slug>/beitreten/", views.group_join, name="group_join"),
    path("<slug:slug>/verlassen/", views.group_leave, name="group_leave"),
    path("<slug:slug>/einstellungen/", views.group_settings, name="group_settings"),
    path("<slug:slug>/mitglieder/hinzufuegen/", views.group_member_add, name="group_member_add"),
    path("<slug:slug>/mitglieder/<uuid:person>/", views.group_member, name="group_member"),
    path("<slug:slug>/anfragen/<uuid:request_id>/", views.group_request, name="group_request"),
    path("<slug:slug>/einladungen/", views.group_invitations, name="group_invitations"),
    path(
        "<slug:slug>/einladungen/<uuid:invitation_id>/zurueckziehen/",
        views.group_invitation_revoke,
        name="group_invitation_revoke",
    ),
]

# A post and its actions, the same address on every host (notifications link to it).
post_routes = [
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

urlpatterns = [
    path("feed/", views.feed, name="feed"),
    path("feed/neu/", views.feed_new, name="feed_new"),
    path("feed/erwaehnen/", views.mention_suggestions, name="feed_mentions"),
    path("gruppen/", views.group_list, name="groups"),
    path("gruppen/neu/", views.group_create, name="group_create"),
    path("gruppen/", include(workspace_routes)),
    *post_routes,
]

"""Routes for discussions and decisions. Mounted by the tool registry
(workspaces/tools.py) on every host that offers the tool."""

from __future__ import annotations

from django.urls import path

from decisions import views

app_name = "decisions"

urlpatterns = [
    path("diskussionen/", views.discussion_list, name="discussions"),
    path("diskussionen/neu/", views.discussion_create, name="discussion_create"),
    path("diskussionen/<uuid:public_id>/", views.discussion_detail, name="discussion"),
    path(
        "diskussionen/<uuid:public_id>/kommentare/",
        views.discussion_comment,
        name="discussion_comment",
    ),
    path(
        "diskussionen/<uuid:public_id>/abstimmung/", views.proposal_create, name="proposal_create"
    ),
    path("abstimmungen/<uuid:public_id>/stimme/", views.proposal_vote, name="proposal_vote"),
    path("abstimmungen/<uuid:public_id>/beenden/", views.proposal_close, name="proposal_close"),
    path("gruppen/<slug:slug>/diskussionen/", views.group_discussions, name="group_discussions"),
]

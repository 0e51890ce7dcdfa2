"""Routes for discussions and decisions. Mounted by the tool registry (workspaces/tools.py): on
an intranet every discussion one may read, a group's, and one discussion at /diskussionen/<id>/;
on the network only a box's (decisions/urls_network.py, /boxen/<slug>/diskussionen/…). The
same views and names."""

from __future__ import annotations

from django.urls import include, path

from decisions import views

app_name = "decisions"

# A new discussion and one discussion with its comments and proposals.
discussion_routes = [
    path("neu/", views.discussion_create, name="discussion_create"),
    path("<uuid:public_id>/", views.discussion_detail, name="discussion"),
    path("<uuid:public_id>/kommentare/", views.discussion_comment, name="discussion_comment"),
    path("<uuid:public_id>/abstimmung/", views.proposal_create, name="proposal_create"),
]

# A proposal's vote and closing.
proposal_routes = [
    path("<uuid:public_id>/stimme/", views.proposal_vote, name="proposal_vote"),
    path("<uuid:public_id>/beenden/", views.proposal_close, name="proposal_close"),
]

urlpatterns = [
    path("diskussionen/", views.discussion_list, name="discussions"),
    path("diskussionen/", include(discussion_routes)),
    path("abstimmungen/", include(proposal_routes)),
    path("gruppen/<slug:slug>/diskussionen/", views.group_discussions, name="group_discussions"),
]

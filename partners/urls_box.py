"""A box's partner tab, mounted by the tool registry on the network (workspaces/tools.py)."""

from __future__ import annotations

from django.urls import path

from partners import views

app_name = "partner_requests"

urlpatterns = [
    path("boxen/<slug:slug>/partner/", views.box_requests, name="box"),
    path("boxen/<slug:slug>/partner/anfragen/", views.box_ask, name="ask"),
]

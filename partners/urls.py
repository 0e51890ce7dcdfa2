"""The partner directory and the partners' own pages on the network (config/urls_public.py)."""

from __future__ import annotations

from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("partner/", views.directory, name="directory"),
    path("partner/antwort/<str:token>/", views.answer, name="answer"),
    path("partner/<slug:slug>/", views.detail, name="detail"),
    path("partner/<slug:slug>/kontakt/", views.contact, name="contact"),
    path("partner/<slug:slug>/bearbeiten/", views.edit, name="edit"),
    path("partner/<slug:slug>/anfragen/", views.requests_list, name="requests"),
    path(
        "partner/<slug:slug>/anfragen/<uuid:public_id>/",
        views.request_detail,
        name="request",
    ),
]

"""The receiving side in an organisation's intranet (/antragseingang/…)."""

from __future__ import annotations

from django.urls import path

from motions import views_inbox

app_name = "motion_inbox"

M = "<uuid:public_id>"

urlpatterns = [
    path("antragseingang/", views_inbox.inbox, name="inbox"),
    path("antragseingang/gremium/", views_inbox.claim, name="claim"),
    path(f"antragseingang/{M}/", views_inbox.detail, name="detail"),
    path(f"antragseingang/{M}/eingang/", views_inbox.acknowledge, name="acknowledge"),
    path(f"antragseingang/{M}/tagesordnung/", views_inbox.schedule, name="schedule"),
    path(f"antragseingang/{M}/ergebnis/", views_inbox.decide, name="decide"),
]

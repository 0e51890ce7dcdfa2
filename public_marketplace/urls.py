"""Routes for impulses and calendars (included by config/urls_public.py)."""

from __future__ import annotations

from django.urls import path

from public_marketplace import views, views_without_account

urlpatterns = [
    path("impulse/", views.impulse_list, name="impulse_list"),
    path("meine-aktivitaet/", views.my_activity, name="my_activity"),
    path("impulse/neu/", views.impulse_create, name="impulse_create"),
    path("impulse/<uuid:public_id>/", views.impulse_detail, name="impulse_detail"),
    path("impulse/<uuid:public_id>/bearbeiten/", views.impulse_edit, name="impulse_edit"),
    path("impulse/<uuid:public_id>/status/", views.impulse_status, name="impulse_status"),
    path("impulse/<uuid:public_id>/unterstuetzen/", views.impulse_support, name="impulse_support"),
    path("impulse/<uuid:public_id>/mitmachen/", views.impulse_join, name="impulse_join"),
    path(
        "impulse/<uuid:public_id>/angebote/<uuid:offer_id>/",
        views.impulse_offer_decide,
        name="impulse_offer_decide",
    ),
    path(
        "impulse/<uuid:public_id>/ohne-konto/<slug:action>/",
        views_without_account.request_link,
        name="participate_without_account",
    ),
    path(
        "mitmachen/bestaetigen/<str:token>/",
        views_without_account.confirm,
        name="participation_confirm",
    ),
    path("impulse/<uuid:public_id>/fortschritt/", views.impulse_progress, name="impulse_progress"),
    path(
        "impulse/<uuid:public_id>/fortschritt/<uuid:entry_id>/foto/",
        views.impulse_progress_photo,
        name="impulse_progress_photo",
    ),
    path("impulse/<uuid:public_id>/ziel/", views.impulse_goal, name="impulse_goal"),
    path("impulse/<uuid:public_id>/box/", views.impulse_open_box, name="impulse_open_box"),
    path("impulse/<uuid:public_id>/termin.ics", views.impulse_ics, name="impulse_ics"),
    path("organisation/<slug:slug>/", views.organisation_profile, name="organisation_profile"),
    path("staedte/<slug:city>/termine.ics", views.city_ics, name="city_ics"),
    path(
        "staedte/<slug:city>/bezirke/<slug:district>/termine.ics",
        views.district_ics,
        name="district_ics",
    ),
]

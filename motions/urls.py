"""A motion's public page on the network (/antraege/<id>/…): once its box opened the signing."""

from __future__ import annotations

from django.urls import path

from motions import views

app_name = "motion_pages"

urlpatterns = [
    path("antraege/<uuid:public_id>/", views.public, name="public"),
    path("antraege/<uuid:public_id>/unterschreiben/", views.sign, name="sign"),
    path("antraege/<uuid:public_id>/zurueckziehen/", views.withdraw, name="withdraw"),
    path("antraege/<uuid:public_id>/antrag.pdf", views.public_pdf, name="pdf"),
]

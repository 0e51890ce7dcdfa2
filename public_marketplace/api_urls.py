"""API routes of the citizen network (included under api/v1/ by config/urls_public.py)."""

from __future__ import annotations

from django.urls import path

from public_marketplace import api, api_boxes

urlpatterns = [
    path("impulses/", api.ImpulseListCreate.as_view(), name="api-impulse-list"),
    path("impulses/<uuid:public_id>/", api.ImpulseDetail.as_view(), name="api-impulse-detail"),
    path(
        "impulses/<uuid:public_id>/status/",
        api.ImpulseStatusChange.as_view(),
        name="api-impulse-status",
    ),
    path(
        "impulses/<uuid:public_id>/goal/",
        api.ImpulseGoal.as_view(),
        name="api-impulse-goal",
    ),
    path(
        "impulses/<uuid:public_id>/support/",
        api.ImpulseSupport.as_view(),
        name="api-impulse-support",
    ),
    path(
        "impulses/<uuid:public_id>/participation/",
        api.ImpulseParticipation.as_view(),
        name="api-impulse-participation",
    ),
    path(
        "impulses/<uuid:public_id>/offers/",
        api_boxes.ImpulseOffers.as_view(),
        name="api-impulse-offers",
    ),
    path(
        "impulses/<uuid:public_id>/offers/<uuid:offer_id>/",
        api_boxes.ImpulseOffer.as_view(),
        name="api-impulse-offer",
    ),
    path(
        "impulses/<uuid:public_id>/offers/<uuid:offer_id>/accept/",
        api_boxes.ImpulseOfferDecision.as_view(),
        {"decision": "accept"},
        name="api-impulse-offer-accept",
    ),
    path(
        "impulses/<uuid:public_id>/offers/<uuid:offer_id>/decline/",
        api_boxes.ImpulseOfferDecision.as_view(),
        {"decision": "decline"},
        name="api-impulse-offer-decline",
    ),
    path(
        "box-invitations/accept/",
        api_boxes.AcceptBoxInvitation.as_view(),
        name="api-box-invitation-accept",
    ),
    path("cities/", api.CityList.as_view(), name="api-city-list"),
    path("cities/<slug:city>/districts/", api.DistrictList.as_view(), name="api-district-list"),
    path("topics/", api.TopicList.as_view(), name="api-topic-list"),
]

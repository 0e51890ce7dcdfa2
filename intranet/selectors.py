"""Reads for intranet pages; every function runs in the current organisation's schema."""

from __future__ import annotations

from django.db.models import QuerySet

from intranet.models import Membership


def active_memberships() -> QuerySet[Membership]:
    return Membership.objects.filter(is_active=True).select_related("user").order_by("joined_at")


def membership_of(user_id: int) -> Membership | None:
    return Membership.objects.filter(user_id=user_id).first()

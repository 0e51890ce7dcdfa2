"""Reads for intranet pages; every function runs in the current organisation's schema."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from intranet.models import Membership

DIRECTORY_PAGE = 50


def active_memberships() -> QuerySet[Membership]:
    return Membership.objects.filter(is_active=True).select_related("user").order_by("joined_at")


def membership_of(user_id: int) -> Membership | None:
    return Membership.objects.filter(user_id=user_id).first()


def directory_page(
    *, query: str = "", after: int | None = None, former: bool = False
) -> tuple[list[Membership], int | None]:
    """One page of the member directory in name order, and the cursor of the next page.

    Keyset pagination on (display name, id): no OFFSET and no COUNT, so page 400 of 20,000
    members costs what page 1 costs.
    """
    members = Membership.objects.select_related("user").filter(is_active=not former)
    if query:
        members = members.filter(
            Q(user__display_name__icontains=query) | Q(function__icontains=query)
        )
    if after is not None:
        anchor = Membership.objects.select_related("user").filter(pk=after).first()
        if anchor is not None:
            name = anchor.user.display_name
            members = members.filter(
                Q(user__display_name__gt=name) | Q(user__display_name=name, pk__gt=anchor.pk)
            )
    page = list(members.order_by("user__display_name", "pk")[: DIRECTORY_PAGE + 1])
    next_after = page[DIRECTORY_PAGE - 1].pk if len(page) > DIRECTORY_PAGE else None
    return page[:DIRECTORY_PAGE], next_after

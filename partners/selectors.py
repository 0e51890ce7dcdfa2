"""Reads for the partner directory, a partner's page, its requests and a box's requests.

The directory filters by Ortsteil and kind with ``EXISTS`` (no join that repeats rows) and
pages by number (a small directory: one COUNT, one page, one prefetch of the Ortsteile). The
request lists are limited and keyset-paged in the API.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from config import keyset
from partners.models import Kind, Partner, PartnerRequest
from public_marketplace.models import District, DistrictLevel
from workspaces.models import WorkspaceMember
from workspaces.permissions import Actor

PAGE_SIZE = 20
REQUEST_LIMIT = 50
API_PAGE_SIZE = 25
MAX_API_PAGE_SIZE = 100


@dataclass(frozen=True)
class DirectoryFilters:
    district: str = ""  # an Ortsteil's slug
    kind: str = ""  # one of Kind.values
    q: str = ""  # words in the name or description


def _districts() -> Prefetch:
    return Prefetch("districts", queryset=District.objects.order_by("name"))


def active_partners() -> QuerySet[Partner]:
    return Partner.objects.filter(is_active=True).prefetch_related(_districts())


def partner_directory(filters: DirectoryFilters) -> QuerySet[Partner]:
    qs = active_partners()
    if filters.district:
        in_district = Partner.districts.through.objects.filter(
            partner_id=OuterRef("pk"), district__slug=filters.district
        )
        qs = qs.filter(Exists(in_district))
    if filters.kind in Kind.values:
        qs = qs.filter(kinds__contains=[filters.kind])
    if filters.q.strip():
        words = filters.q.strip()[:200]
        qs = qs.annotate(
            search=SearchVector("name", "description", "address", config="german")
        ).filter(Q(search=SearchQuery(words, config="german")) | Q(name__icontains=words))
    return qs.order_by("name", "id")


def partner_by_slug(slug: str) -> Partner | None:
    return active_partners().filter(slug=slug).first()


def district_choices() -> list[tuple[str, str]]:
    """The Ortsteile, by name, as (slug, name)."""
    rows = District.objects.filter(level=DistrictLevel.LOCALITY).order_by("name", "id")
    return [(d.slug, d.name) for d in rows.only("slug", "name")]


def managed_partners(user: Any) -> list[Partner]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Partner.objects.filter(managers=user).order_by("name", "id")[:20])


def requests_to(partner: Partner, *, limit: int = REQUEST_LIMIT) -> list[PartnerRequest]:
    """What boxes asked this partner, open ones first, newest first."""
    return list(
        PartnerRequest.objects.filter(partner=partner)
        .select_related("workspace")
        .order_by("-status", "-created_at", "-id")[:limit]
    )


def request_to(partner: Partner, public_id: Any) -> PartnerRequest | None:
    return (
        PartnerRequest.objects.filter(partner=partner, public_id=public_id)
        .select_related("workspace", "partner")
        .first()
    )


def requests_of_box(workspace: Any, *, limit: int = REQUEST_LIMIT) -> list[PartnerRequest]:
    return list(
        PartnerRequest.objects.filter(workspace=workspace)
        .select_related("partner")
        .order_by("-created_at", "-id")[:limit]
    )


def readable_requests(actor: Actor) -> QuerySet[PartnerRequest]:
    """Requests of the boxes the actor belongs to (platform staff: every box's, as their
    moderator view of boxes). Nobody else reads them, in open or secret boxes alike."""
    qs = PartnerRequest.objects.select_related("partner", "workspace")
    if actor.is_moderator:
        return qs
    member = WorkspaceMember.objects.filter(
        workspace_id=OuterRef("workspace_id"), user_id=actor.user_id
    )
    return qs.filter(Exists(member))


@dataclass
class RequestPage:
    items: list[PartnerRequest]
    next_cursor: str | None


def request_page(
    actor: Actor, *, workspace: Any = None, cursor: str = "", limit: int = API_PAGE_SIZE
) -> RequestPage:
    """Newest first, keyset on (created_at, id)."""
    from datetime import datetime

    qs = readable_requests(actor)
    if workspace is not None:
        qs = qs.filter(workspace=workspace)
    after = keyset.decode(cursor, datetime, int)
    if after is not None:
        created, pk = after
        qs = qs.filter(Q(created_at__lt=created) | Q(created_at=created, id__lt=pk))
    limit = max(1, min(limit, MAX_API_PAGE_SIZE))
    items = list(qs.order_by("-created_at", "-id")[: limit + 1])
    next_cursor = None
    if len(items) > limit:
        items = items[:limit]
        next_cursor = keyset.encode(items[-1].created_at, items[-1].pk)
    return RequestPage(items=items, next_cursor=next_cursor)


def request_for(actor: Actor, public_id: Any) -> PartnerRequest | None:
    return readable_requests(actor).filter(public_id=public_id).first()

"""What the other apps read of the council's data (the motions app's contract; keep the
signatures stable)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from oparl.models import Meeting, Paper
from public_marketplace.models import CouncilBody

MATCH_LIMIT = 20


def papers_matching(
    *,
    reference: str = "",
    title: str = "",
    organization_ids: Iterable[int] | None = None,
    since: date | datetime | None = None,
    limit: int = MATCH_LIMIT,
) -> QuerySet[Paper]:
    """The papers that may be the one meant, at most ``limit``, never deleted ones.

    A reference (Drucksachennummer, e.g. "VII-A-01234") that matches exactly wins: only those
    papers come back. Otherwise the title is matched by German full text (stemmed: "Radwege"
    finds "Radweg") or as a substring, best match first, then newest. ``organization_ids``
    (Organization pks) keeps papers that come from or are consulted in one of them; ``since``
    keeps papers dated on or after it."""
    papers = Paper.objects.filter(deleted=False)
    if organization_ids is not None:
        papers = papers.filter(organizations__in=list(organization_ids)).distinct()
    if since is not None:
        papers = papers.filter(date__gte=since.date() if isinstance(since, datetime) else since)
    reference = reference.strip()[:200]
    if reference:
        exact = papers.filter(reference=reference)
        if exact.exists():
            return exact.order_by("-date", "-id")[:limit]
    text = title.strip()[:200]
    if not text:
        return papers.none()
    query = SearchQuery(text, search_type="websearch", config="german")
    return (
        papers.filter(Q(search_vector=query) | Q(name__icontains=text))
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", F("date").desc(nulls_last=True), "-id")[:limit]
    )


def meetings_of(body: CouncilBody, upcoming_only: bool = True) -> QuerySet[Meeting]:
    """The meetings of the OParl organizations linked to ``body``, by start; with
    ``upcoming_only`` those not yet ended (or started today when no end is known)."""
    meetings = Meeting.objects.filter(organizations__council_body=body, deleted=False).distinct()
    if upcoming_only:
        now = timezone.now()
        start_of_today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        meetings = meetings.filter(Q(end__gte=now) | Q(end__isnull=True, start__gte=start_of_today))
    return meetings.order_by("start", "id")

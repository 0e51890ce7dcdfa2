"""Reads for the network's pages and API. Lists page by keyset (no COUNT, no OFFSET), so a deep
page costs what the first one costs."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection, transaction
from django.db.models import BooleanField, Count, F, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from public_marketplace.models import (
    VISIBLE_STATUSES,
    City,
    Comment,
    District,
    Impulse,
    ImpulseStatus,
    Support,
)
from tenants.models import Organisation, OrganisationStatus

PAGE_SIZE = 20
SORTS = ("trending", "newest", "supported", "upcoming")
TRIGRAM_THRESHOLD = 0.45


def cities_with_district_counts() -> QuerySet[City]:
    return City.objects.annotate(
        borough_count=Count("districts", filter=Q(districts__level="borough")),
        locality_count=Count("districts", filter=Q(districts__level="locality")),
    ).order_by("name")


def public_organisations() -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(status=OrganisationStatus.READY)
        .exclude(schema_name="public")
        .select_related("city")
        .prefetch_related("domains")
        .order_by("name")
    )


@dataclass
class ImpulseFilters:
    city: str = ""
    district: str = ""  # a district's slug; a Stadtbezirk includes its Ortsteile
    kind: str = ""
    status: str = ""
    topic: str = ""
    organisation: str = ""
    q: str = ""
    sort: str = "trending"

    def as_query(self) -> dict[str, str]:
        return {
            k: v for k, v in self.__dict__.items() if v and not (k == "sort" and v == "trending")
        }


@dataclass
class Page:
    items: list[Impulse]
    next_cursor: str | None
    filters: ImpulseFilters = field(default_factory=ImpulseFilters)


def _encode(values: list[Any]) -> str:
    raw = json.dumps([v.isoformat() if isinstance(v, datetime) else v for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str) -> list[Any] | None:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        return values if isinstance(values, list) and len(values) == 2 else None
    except (ValueError, TypeError):
        return None


def visible_impulses() -> QuerySet[Impulse]:
    return Impulse.objects.filter(is_hidden=False, status__in=VISIBLE_STATUSES)


def _filtered(filters: ImpulseFilters) -> QuerySet[Impulse]:
    qs = visible_impulses()
    if filters.status in VISIBLE_STATUSES:
        qs = qs.filter(status=filters.status)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.city:
        qs = qs.filter(city__slug=filters.city)
    if filters.district:
        district_ids = list(
            District.objects.filter(
                Q(slug=filters.district) | Q(parent__slug=filters.district),
                **({"city__slug": filters.city} if filters.city else {}),
            ).values_list("pk", flat=True)
        )
        # One EXISTS per impulse instead of a join that would repeat rows.
        through = Impulse.districts.through
        qs = qs.filter(
            pk__in=through.objects.filter(district_id__in=district_ids).values("impulse_id")
        )
    if filters.topic:
        qs = qs.filter(topics__slug=filters.topic)
    if filters.organisation:
        qs = qs.filter(organisation__slug=filters.organisation)
    return qs


def _with_cards(qs: QuerySet[Impulse]) -> QuerySet[Impulse]:
    districts = Prefetch("districts", queryset=District.objects.select_related("parent"))
    return qs.select_related("organisation", "city", "author").prefetch_related(districts, "topics")


def impulse_page(filters: ImpulseFilters, cursor: str = "", limit: int = PAGE_SIZE) -> Page:
    """One page of impulses in the chosen order, continuing after ``cursor``."""
    limit = max(1, min(limit, 100))
    qs = _filtered(filters)
    if filters.q.strip():
        return _search_page(qs, filters, limit)
    sort = filters.sort if filters.sort in SORTS else "trending"
    key, order = {
        "trending": ("hot_score", "desc"),
        "newest": ("published_at", "desc"),
        "supported": ("support_count", "desc"),
        "upcoming": ("starts_at", "asc"),
    }[sort]
    if sort == "upcoming":
        qs = qs.filter(kind="event", starts_at__gte=timezone.now())
    if sort == "newest":
        qs = qs.filter(published_at__isnull=False)
    position = _decode(cursor) if cursor else None
    if position is not None:
        qs = _after(qs, key, order, position)
    ordering = (f"-{key}", "-id") if order == "desc" else (key, "id")
    items = list(_with_cards(qs.order_by(*ordering))[: limit + 1])
    next_cursor = None
    if len(items) > limit:
        items = items[:limit]
        last = items[-1]
        next_cursor = _encode([getattr(last, key), last.pk])
    return Page(items=items, next_cursor=next_cursor, filters=filters)


def _after(qs: QuerySet[Impulse], key: str, order: str, position: list[Any]) -> QuerySet[Impulse]:
    """Rows after the cursor, as one row comparison so PostgreSQL walks the index from there
    (an OR of two conditions would scan from the start of the index and filter)."""
    value, last_id = position
    try:
        if key in ("published_at", "starts_at"):
            value = datetime.fromisoformat(value)
        elif key == "hot_score":
            value = float(value)
        else:
            value = int(value)
        last_id = int(last_id)
    except (TypeError, ValueError):
        return qs.none()
    operator = "<" if order == "desc" else ">"
    table = Impulse._meta.db_table
    # key, table and operator come from fixed tables above, never from input; values are params.
    condition = RawSQL(  # noqa: S611
        f'("{table}"."{key}", "{table}"."id") {operator} (%s, %s)',
        (value, last_id),
        output_field=BooleanField(),
    )
    return qs.filter(condition)


def _search_page(qs: QuerySet[Impulse], filters: ImpulseFilters, limit: int) -> Page:
    """German full text (stemming; title weighted over text), with a typo-tolerant fallback.

    The page holds the ``limit`` most trending matches, best match first. Ranking every match
    would cost a heap visit per match (a common word matches 6 % of a million impulses: about
    0.3 s); taking the matches in trending order lets PostgreSQL either walk the trending index
    until the page is full (common words) or rank the few matches of a rare word (docs/
    benchmarks-network.md)."""
    text = filters.q.strip()[:200]
    query = SearchQuery(text, search_type="websearch", config="german")
    pool = qs.filter(search_vector=query).order_by("-hot_score", "-id").values("pk")[:limit]
    matches = (
        Impulse.objects.filter(pk__in=pool)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "-hot_score", "-id")
    )
    items = list(_with_cards(matches))
    if not items:
        # Typos ("Lindenauer Markt" as "Lindnauer Makt"): trigram word similarity on the title.
        # ``title %> text`` is word_similarity(text, title) >= the session's threshold, which
        # the title's trigram index can answer (the bare function would read every row).
        similar_pool = (
            qs.filter(title__trigram_word_similar=text)
            .annotate(similarity=TrigramWordSimilarity(text, "title"))
            .filter(similarity__gte=TRIGRAM_THRESHOLD)
            .order_by("-hot_score", "-id")
            .values("pk")[:limit]
        )
        similar = (
            Impulse.objects.filter(pk__in=similar_pool)
            .annotate(similarity=TrigramWordSimilarity(text, "title"))
            .order_by("-similarity", "-hot_score", "-id")
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
                [str(TRIGRAM_THRESHOLD)],
            )
            items = list(_with_cards(similar))
    return Page(items=items, next_cursor=None, filters=filters)


def impulse_for_page(public_id: Any) -> Impulse | None:
    return (
        Impulse.objects.select_related("organisation", "city", "author")
        .prefetch_related("districts", "topics", "images", "history__changed_by")
        .filter(public_id=public_id)
        .first()
    )


def named_supporters(impulse: Impulse, limit: int = 50) -> list[Support]:
    """Only supporters who chose to show their name (privacy by default)."""
    return list(
        Support.objects.filter(impulse=impulse, show_name=True)
        .select_related("user")
        .order_by("-created_at")[:limit]
    )


def comment_thread(impulse: Impulse, limit: int = 200) -> list[Comment]:
    """Top-level comments with their replies (one level deep shown nested), oldest first.

    Each comment carries ``edit_open`` (still inside the edit window), so the page decides
    about its edit button without a query per comment. Two queries, however many comments.
    """
    from django.db.models import BooleanField, ExpressionWrapper

    from public_marketplace.services.comments import EDIT_WINDOW

    edit_open = ExpressionWrapper(
        Q(created_at__gt=timezone.now() - EDIT_WINDOW), output_field=BooleanField()
    )
    replies = Prefetch(
        "replies",
        queryset=Comment.objects.select_related("author")
        .annotate(edit_open=edit_open)
        .order_by("created_at", "id"),
    )
    return list(
        Comment.objects.filter(impulse=impulse, parent__isnull=True)
        .select_related("author")
        .annotate(edit_open=edit_open)
        .prefetch_related(replies)
        .order_by("created_at", "id")[:limit]
    )


def upcoming_events(
    *, district: District | None = None, city: City | None = None
) -> QuerySet[Impulse]:
    qs = (
        visible_impulses()
        .filter(kind="event", starts_at__gte=timezone.now())
        .exclude(status=ImpulseStatus.ARCHIVED)
    )
    if district is not None:
        ids = [district.pk, *district.children.values_list("pk", flat=True)]
        through = Impulse.districts.through
        qs = qs.filter(pk__in=through.objects.filter(district_id__in=ids).values("impulse_id"))
    if city is not None:
        qs = qs.filter(city=city)
    return qs.select_related("organisation").order_by("starts_at", "id")

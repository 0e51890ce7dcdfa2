"""Reads for the network's pages and API. Lists page by keyset (no COUNT, no OFFSET), so a deep
page costs what the first one costs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.core.cache import caches
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from config import keyset
from public_marketplace.models import (
    VISIBLE_STATUSES,
    City,
    CouncilBody,
    District,
    Impulse,
    ImpulseImage,
    ImpulseStatus,
    OfferStatus,
    Participation,
    Support,
    Topic,
)
from tenants.models import Organisation, OrganisationStatus
from threads.selectors import ThreadPage, thread_page
from workspaces.models import Workspace, WorkspaceMember
from workspaces.permissions import Actor
from workspaces.selectors import visible_workspaces

PAGE_SIZE = 20
SORTS = ("trending", "newest", "supported", "upcoming")
TRIGRAM_THRESHOLD = 0.45
SEARCH_WINDOW = 4_000  # rows of the trending order a search reads before it turns to its index
SEARCH_DENSE_HITS = 5  # hits in that window that make a window ten times as long worth reading


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


FILTER_CHOICES_SECONDS = 3600  # a backstop: saves and deletes clear the entry at once


def _filter_choices_key() -> str:
    # Per database: the tests, the benchmark and development may share one Redis.
    return f"filter-choices:v2:{connection.settings_dict['NAME']}"


def filter_choices() -> dict[str, list[tuple[str, ...]]]:
    """What the filter form offers, in its order: (slug, name) of every city and of every topic
    that visible impulses carry, and (slug, name, Stadtbezirk's slug, city's name) of every
    district (a Stadtbezirk's own third value is empty). One cache read instead of four queries
    (and 80-odd model instances) per list page.

    The values are names from the database, the same in every language, so one entry serves
    all languages (the form adds the translated labels). It lives in the platform cache, as the
    same public rows are meant whatever the schema; ``forget_filter_choices`` (signals in
    ``apps.py``) clears it when a city, district, topic or impulse is saved or deleted and when
    an impulse's topics change."""
    cache = caches["platform"]
    key = _filter_choices_key()
    choices: dict[str, list[tuple[str, ...]]] | None = cache.get(key)
    if choices is None:
        tagged = Impulse.topics.through.objects.filter(
            topic_id=OuterRef("pk"),
            impulse__is_hidden=False,
            impulse__status__in=VISIBLE_STATUSES,
        )
        choices = {
            "city": list(City.objects.order_by("name").values_list("slug", "name")),
            "district": [
                (slug, name, parent or "", city)
                for slug, name, parent, city in District.objects.order_by(
                    "city", "number"
                ).values_list("slug", "name", "parent__slug", "city__name")
            ],
            # Only topics someone can find something under: no option that always comes up empty.
            "topic": list(
                Topic.objects.filter(Exists(tagged)).order_by("name").values_list("slug", "name")
            ),
        }
        cache.set(key, choices, FILTER_CHOICES_SECONDS)
    return choices


def forget_filter_choices(**_: Any) -> None:
    """Drop the cached choices now, and again once the transaction commits (a page rendered in
    between would otherwise store the rows as they were before the commit)."""
    key = _filter_choices_key()
    caches["platform"].delete(key)
    transaction.on_commit(lambda: caches["platform"].delete(key))


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


# What ``_impulse_card.html`` shows, and the sort keys the next page's cursor is made of.
CARD_FIELDS = (
    "id", "public_id", "kind", "title", "status", "starts_at", "support_count", "hot_score",
    "published_at", "city__name", "organisation__name", "support_goal", "support_deadline",
    "goal_reached_at", "goal_missed_at",
)  # fmt: skip


def _with_cards(qs: QuerySet[Impulse], cards: bool = False) -> QuerySet[Impulse]:
    """``cards``: only what a card shows (no text, search vector, author, topics or
    Stadtbezirk of a district); otherwise everything the API serialises."""
    if cards:
        return (
            qs.select_related("organisation", "city")
            .only(*CARD_FIELDS)
            .prefetch_related(
                Prefetch("districts", queryset=District.objects.only("id", "name")),
                # The card's picture: the first one (all of a page's in one query).
                Prefetch(
                    "images",
                    queryset=ImpulseImage.objects.only(
                        "id", "impulse_id", "image", "alt_text"
                    ).order_by("id"),
                ),
            )
        )
    districts = Prefetch("districts", queryset=District.objects.select_related("parent"))
    return qs.select_related("organisation", "city", "author", "target_body").prefetch_related(
        districts, "topics"
    )


def impulse_page(
    filters: ImpulseFilters, cursor: str = "", limit: int = PAGE_SIZE, *, cards: bool = False
) -> Page:
    """One page of impulses in the chosen order, continuing after ``cursor``. ``cards``: load
    only what ``_impulse_card.html`` shows (``_with_cards``)."""
    limit = max(1, min(limit, 100))
    qs = _filtered(filters)
    if filters.q.strip():
        return _search_page(qs, filters, limit, cards)
    sort = filters.sort if filters.sort in SORTS else "trending"
    key, order, kind = {
        "trending": ("hot_score", "desc", float),
        "newest": ("published_at", "desc", datetime),
        "supported": ("support_count", "desc", int),
        "upcoming": ("starts_at", "asc", datetime),
    }[sort]
    if sort == "upcoming":
        qs = qs.filter(kind="event", starts_at__gte=timezone.now())
    if sort == "newest":
        qs = qs.filter(published_at__isnull=False)
    position = keyset.decode(cursor, kind, int)
    if position is not None:
        qs = _after(qs, key, order, position)
    ordering = (f"-{key}", "-id") if order == "desc" else (key, "id")
    items = list(_with_cards(qs.order_by(*ordering), cards)[: limit + 1])
    next_cursor = None
    if len(items) > limit:
        items = items[:limit]
        last = items[-1]
        next_cursor = keyset.encode(getattr(last, key), last.pk)
    return Page(items=items, next_cursor=next_cursor, filters=filters)


def _after(
    qs: QuerySet[Impulse], key: str, order: str, position: tuple[Any, ...]
) -> QuerySet[Impulse]:
    """Rows after the cursor (typed by ``keyset.decode``), as one row comparison so PostgreSQL
    walks the index from there (an OR of two conditions would scan from the start of the index
    and filter)."""
    value, last_id = position
    operator = "<" if order == "desc" else ">"
    table = Impulse._meta.db_table
    # key, table and operator come from fixed tables above, never from input; values are params.
    condition = RawSQL(  # noqa: S611
        f'("{table}"."{key}", "{table}"."id") {operator} (%s, %s)',
        (value, last_id),
        output_field=BooleanField(),
    )
    return qs.filter(condition)


def _search_page(
    qs: QuerySet[Impulse], filters: ImpulseFilters, limit: int, cards: bool = False
) -> Page:
    """German full text (stemming; title weighted over text), with a typo-tolerant fallback.

    The page holds the ``limit`` most trending matches, best match first. Ranking every match
    would read every matching row (a common word matches 6 % of a million impulses: about
    0.3 s); finding the most trending matches is bounded instead (``_most_trending``)."""
    text = filters.q.strip()[:200]
    query = SearchQuery(text, search_type="websearch", config="german")
    ids = _most_trending(
        qs,
        "w.\"search_vector\" @@ websearch_to_tsquery('german', %s)",
        [text],
        qs.filter(search_vector=query),
        limit,
    )
    matches = (
        Impulse.objects.filter(pk__in=ids)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "-hot_score", "-id")
    )
    items = list(_with_cards(matches, cards)) if ids else []
    if not items:
        # Typos ("Lindenauer Markt" as "Lindnauer Makt"): trigram word similarity on the title.
        # ``title %> text`` (word_similarity(text, title) >= the session's threshold) is what
        # the title's trigram index answers; the threshold is set for this transaction only.
        similar = qs.filter(title__trigram_word_similar=text).alias(
            similarity=TrigramWordSimilarity(text, "title")
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
                [str(TRIGRAM_THRESHOLD)],
            )
            ids = _most_trending(
                qs,
                'word_similarity(%s, w."title") >= %s',
                [text, TRIGRAM_THRESHOLD],
                similar.filter(similarity__gte=TRIGRAM_THRESHOLD),
                limit,
            )
        ranked = (
            Impulse.objects.filter(pk__in=ids)
            .annotate(similarity=TrigramWordSimilarity(text, "title"))
            .order_by("-similarity", "-hot_score", "-id")
        )
        items = list(_with_cards(ranked, cards)) if ids else []
    return Page(items=items, next_cursor=None, filters=filters)


def _most_trending(
    qs: QuerySet[Impulse],
    condition: str,
    params: list[Any],
    matching: QuerySet[Impulse],
    limit: int,
) -> list[int]:
    """Ids of the ``limit`` most trending rows of ``qs`` that meet a search condition, at a
    bounded cost whatever the planner estimates. Its guesses for search terms are rough, and a
    walk of the trending index for a term that matches nothing reads every row (27 s at a
    million impulses).

    1. The SEARCH_WINDOW most trending visible impulses are read in index order (a subquery in
       FROM with its own LIMIT, so nothing can make PostgreSQL read more). Each one is checked
       against ``condition`` (SQL on the subquery's row ``w``) and then against the page's other
       filters (one EXISTS on ``qs`` by primary key). Reading stops at ``limit`` hits. Those
       hits are the overall most trending matches, since the window holds the rows that come
       first in that order. A common word stops after a few hundred rows.
       When the window held some hits but too few (a common word in a Stadtbezirk, say), the
       hits are dense enough to look on: the same again over a window ten times as long, which
       stops once ``limit`` hits are found.
    2. Only when the windows held fewer hits: every match through the search index
       (``matching``), sorted. The sort key is ``hot_score + 0``, which no index provides, so
       the planner cannot walk the trending index instead. It starts from the search index or
       from the page's other filter, whichever it expects to yield fewer rows. This costs a row
       per match: little for a rare term, a lot for a common term that is rare within the other
       filter (docs/benchmarks-network.md).
    """
    same_row = qs.filter(pk=RawSQL('w."id"', ())).values("id")
    try:
        filters_sql, filters_params = same_row.query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing, such as an unknown district
        return []
    ids: list[int] = []
    for size in (SEARCH_WINDOW, SEARCH_WINDOW * 10):
        if size > SEARCH_WINDOW and len(ids) < SEARCH_DENSE_HITS:
            break  # too sparse: a longer window would be read to its end for nothing
        window = (
            visible_impulses()
            .order_by("-hot_score", "-id")
            .values("id", "hot_score", "title", "search_vector")[:size]
        )
        window_sql, window_params = window.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f'SELECT w."id" FROM ({window_sql}) AS w '  # noqa: S608 - SQL built above; values are parameters
                f"WHERE {condition} AND EXISTS ({filters_sql}) LIMIT %s",
                [*window_params, *params, *filters_params, limit],
            )
            ids = [row[0] for row in cursor.fetchall()]
        if len(ids) >= limit:
            return ids
    if len(ids) < limit:
        with transaction.atomic(), connection.cursor() as cursor:
            # Its cost estimate can pass jit_above_cost; compiling would take 90-130 ms here.
            cursor.execute("SELECT set_config('jit', 'off', true)")
            ids = list(
                matching.alias(unindexed=F("hot_score") + 0.0)
                .order_by("-unindexed", "-id")
                .values_list("pk", flat=True)[:limit]
            )
    return ids


def impulse_for_page(public_id: Any) -> Impulse | None:
    return (
        Impulse.objects.select_related("organisation", "city", "author", "box", "target_body")
        .prefetch_related("districts", "topics", "images", "history__changed_by", "history__photos")
        .filter(public_id=public_id)
        .first()
    )


def offers_of(impulse: Impulse, limit: int = 200) -> list[Participation]:
    """The offers of help on an impulse, open ones first (for its owner only)."""
    return list(
        Participation.objects.filter(impulse=impulse)
        .select_related("user", "district")
        .order_by(
            Case(When(status=OfferStatus.OFFERED, then=0), default=1),
            "created_at",
            "id",
        )[:limit]
    )


def my_offer(impulse: Impulse, user: Any) -> Participation | None:
    if not user.is_authenticated:
        return None
    return (
        Participation.objects.select_related("user", "district")
        .filter(impulse=impulse, user=user)
        .first()
    )


# --- Boxes (workspaces on the network) -----------------------------------------------------


def _boxes(actor: Actor) -> QuerySet[Workspace]:
    """The boxes the actor may see (workspaces.selectors.visible_workspaces: friend circles
    only for their members), each with the public id of its impulse (None for a circle)."""
    impulse = Impulse.objects.filter(box_id=OuterRef("pk")).values("public_id")[:1]
    return visible_workspaces(actor).annotate(impulse_public_id=Subquery(impulse))


def my_boxes(actor: Actor) -> QuerySet[Workspace]:
    """ "Meine Boxen": the boxes and friend circles the actor belongs to, by name."""
    mine = WorkspaceMember.objects.filter(user_id=actor.user_id).values("workspace_id")
    return _boxes(actor).filter(pk__in=mine).order_by("name", "id")


def box_for(actor: Actor, slug: str) -> Workspace | None:
    """The box ``slug`` if the actor may see it, else None (missing and secret alike)."""
    return _boxes(actor).filter(slug=slug).first()


def named_supporters(impulse: Impulse, limit: int = 50) -> list[Support]:
    """Only supporters who chose to show their name (privacy by default)."""
    return list(
        Support.objects.filter(impulse=impulse, show_name=True)
        .select_related("user")
        .order_by("-created_at")[:limit]
    )


def comment_page_of(impulse: Impulse, cursor: str | None = None) -> ThreadPage:
    """One page of the impulse's thread: top-level comments with their replies, oldest first
    (two queries, however long the thread; each carries ``edit_open``)."""
    return thread_page("impulse", impulse.pk, cursor=cursor)


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


NETWORK_FIGURES_SECONDS = 300


def network_figures() -> dict[str, int]:
    """What the home page counts (impulses, supports, open boxes): one aggregate over all
    visible impulses, remembered for a few minutes because it reads every row."""
    cache = caches["default"]
    figures = cache.get("network-figures")
    if figures is None:
        figures = visible_impulses().aggregate(
            impulses=Count("pk"),
            supports=Coalesce(Sum("support_count"), 0),
            boxes=Count("pk", filter=Q(box__isnull=False)),
        )
        cache.set("network-figures", figures, NETWORK_FIGURES_SECONDS)
    return figures


# --- Support goals (services/goals.py) ------------------------------------------------------

# Bodies whose name ends in one of these are neuter in German ("das Jugendparlament"); every
# other body on file is a -rat or -beirat ("den Stadtbezirksbeirat").
NEUTER_ENDINGS = ("parlament", "gremium", "forum", "komitee", "kuratorium", "büro", "amt")


def _is_neuter(body: CouncilBody) -> bool:
    if body.kind != CouncilBody.Kind.ADVISORY_COUNCIL:
        return False  # Stadtrat, Stadtbezirksbeirat, Ortschaftsrat
    # The head noun: "Migrantinnen- und Migrantenbeirat" is a Beirat.
    words = [w for w in body.name.split() if not w.endswith("-") and w != "und"]
    return bool(words) and words[0].lower().endswith(NEUTER_ENDINGS)


def for_body(body: CouncilBody) -> str:
    """ "für den Stadtbezirksbeirat Alt-West", with the body's article."""
    if _is_neuter(body):
        return _("für das %(body)s") % {"body": body.name}
    return _("für den %(body)s") % {"body": body.name}


def as_motion_to(body: CouncilBody) -> str:
    if _is_neuter(body):
        return _("Als Antrag an das %(body)s einreichen") % {"body": body.name}
    return _("Als Antrag an den %(body)s einreichen") % {"body": body.name}


@dataclass(frozen=True)
class Goal:
    """What the impulse page shows of its support goal."""

    state: str  # "open", "reached" or "missed"
    body: CouncilBody
    count: int  # supports now
    goal: int
    shown: int  # what the progress bar shows: the count, at the deadline for a missed goal
    deadline: datetime
    headline: str
    detail: str
    motion_path: str = ""  # the offer to draft a motion, for the box's members
    motion_label: str = ""

    @property
    def percent(self) -> int:
        return min(100, self.shown * 100 // self.goal)


def goal_of(impulse: Impulse, user: Any, *, motion_path: str = "") -> Goal | None:
    """The impulse's goal as its page says it (None without one). ``motion_path`` (from
    services.goals.motion_start_path) is offered to the box's members once the goal is reached:
    one query for them, none for anyone else."""
    state = impulse.goal_state
    body = impulse.target_body
    if not state or body is None or impulse.support_goal is None:
        return None
    deadline = timezone.localtime(impulse.support_deadline)
    goal = impulse.support_goal
    count = impulse.support_count
    values = {"n": count, "goal": goal, "for_body": for_body(body)}
    shown = count
    offer = ""
    label = ""
    if state == "open":
        days = (deadline.date() - timezone.localdate()).days
        left = (
            ngettext("noch %(days)s Tag", "noch %(days)s Tage", days) % {"days": days}
            if days > 0
            else _("letzter Tag")
        )
        headline = _("%(n)s von %(goal)s Unterstützungen %(for_body)s") % values
        detail = _("%(left)s, bis %(date)s") % {
            "left": left,
            "date": formats.date_format(deadline, "DATE_FORMAT"),
        }
    elif state == "reached":
        reached = timezone.localtime(impulse.goal_reached_at)
        headline = _("Ziel erreicht am %(date)s") % {
            "date": formats.date_format(reached, "DATE_FORMAT")
        }
        detail = _("%(n)s von %(goal)s Unterstützungen %(for_body)s") % values
        if motion_path and user.is_authenticated and impulse.box_id:
            member = WorkspaceMember.objects.filter(
                workspace_id=impulse.box_id, user_id=user.pk
            ).exists()
            if member:
                offer, label = motion_path, as_motion_to(body)
    else:
        if impulse.goal_missed_count is not None:
            shown = impulse.goal_missed_count
        headline = _("Ziel verfehlt: %(n)s von %(goal)s bis %(date)s") % {
            "n": shown,
            "goal": goal,
            "date": formats.date_format(deadline, "DATE_FORMAT"),
        }
        detail = _("Das Ziel war %(goal)s Unterstützungen %(for_body)s.") % values
        if count > shown:
            detail += " " + ngettext(
                "Seitdem kam %(n)s Unterstützung dazu. Sie zählt, aber das Ziel bleibt verfehlt.",
                "Seitdem kamen %(n)s Unterstützungen dazu. Sie zählen, aber das Ziel bleibt "
                "verfehlt.",
                count - shown,
            ) % {"n": count - shown}
    return Goal(
        state=state,
        body=body,
        count=count,
        goal=goal,
        shown=min(shown, goal),
        deadline=deadline,
        headline=headline,
        detail=detail,
        motion_path=offer,
        motion_label=label,
    )


KIND_ORDER = [kind for kind, _label in CouncilBody.Kind.choices]


def bodies_to_aim_at(city_id: int) -> list[CouncilBody]:
    """The city's council bodies, grouped by kind (Stadtrat first), by name within a kind."""
    bodies = list(CouncilBody.objects.filter(city_id=city_id).order_by("name", "id"))
    return sorted(bodies, key=lambda b: KIND_ORDER.index(b.kind) if b.kind in KIND_ORDER else 99)

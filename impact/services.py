"""Impact figures per city and district, and the daily snapshots that store them.

Definitions (the dashboard, the API and the snapshots all use these):

- **Period**: the 90 days (``ACTIVITY_WINDOW``) up to the end of the snapshot's day, local time.
- **Active people**: distinct people who, within the period, published an impulse, supported one
  or joined one ("Mitmachen", ``Participation``). Only actions on impulses that are visible
  (published, not hidden by moderation) count. Comments are not counted yet; counting them is
  one more branch in ``acts`` below (``Comment.author``, ``Comment.created_at``).
- **Where a person counts**: in the city of each impulse they acted on and in each of its
  districts, where a Stadtbezirk includes its Ortsteile (supporting an impulse in Lindenau counts
  for Lindenau and for Alt-West). An active person also counts in their own
  ``User.home_district`` (its Stadtbezirk and city too), wherever they were active: the goal is a
  share of the district's *residents*. A person counts once per area, however often they acted.
- **Impulses**: visible impulses published by the end of the day;
  ``impulses_published_in_period``: those published within the period.
- **Implemented projects**: visible impulses with the status "implemented", counted from the day
  their history records that step.
- **Supports**: supports given by the end of the day to visible impulses.
- **Share**: active people / population (``City.population``, ``District.population``); None
  (shown as "not configured") when the population is not set.

Backfilled past days use the timestamps of posts, supports and status changes, but today's
visibility: an impulse hidden today is missing from the past as well.

Cost: a snapshot is two set-based statements over the whole marketplace (GROUP BY city and
district, however many districts there are) plus one upsert: about 4-9 s of database time with
1,000,000 impulses and 5,000,000 supports (measured on a development machine), once an hour in
the worker. Pages and the API only read snapshots.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg import sql

from config.domain import DomainError
from impact.models import ImpactSnapshot
from public_marketplace.models import (
    VISIBLE_STATUSES,
    City,
    District,
    Impulse,
    ImpulseStatus,
    ImpulseStatusChange,
    Participation,
    Support,
)

ACTIVITY_WINDOW = timedelta(days=90)

# The team's goals (seed profile): 5 % of a district's population take part; 100 projects that
# came from the network are implemented.
DISTRICT_SHARE_GOAL_PERCENT = 5
CITY_IMPLEMENTED_GOAL = 100


class ImpactError(DomainError):
    pass


@dataclass
class Counts:
    active_people: int = 0
    impulses_total: int = 0
    impulses_published_in_period: int = 0
    implemented_total: int = 0
    supports_total: int = 0


# ("city", id) for a whole city, ("district", id) for a Stadtbezirk or an Ortsteil.
Area = tuple[str, int]


def _statement(text: str) -> sql.Composed:
    """``text`` with the tables' names (from the models) filled in as quoted identifiers."""
    models: dict[str, type[Model]] = {
        "impulse": Impulse,
        "impulse_districts": Impulse.districts.through,
        "district": District,
        "support": Support,
        "participation": Participation,
        "change": ImpulseStatusChange,
        "user": get_user_model(),
    }
    tables = {name: sql.Identifier(model._meta.db_table) for name, model in models.items()}
    return sql.SQL(text).format(scope=sql.SQL(_SCOPE).format(**tables), **tables)


# Every district counts for itself, and an Ortsteil also for its Stadtbezirk.
_SCOPE = """scope AS (
    SELECT id AS district_id, id AS counted_in FROM {district}
    UNION ALL
    SELECT id, parent_id FROM {district} WHERE parent_id IS NOT NULL
)"""

_IMPULSE_FIGURES = """
WITH {scope},
shown AS (
    SELECT i.id, i.city_id,
           i.published_at >= %(since)s AS recent,
           (i.status = %(implemented)s AND NOT EXISTS (
               SELECT 1 FROM {change} c
               WHERE c.impulse_id = i.id AND c.to_status = %(implemented)s
                 AND c.created_at >= %(until)s
           )) AS implemented,
           COALESCE(s.supports, 0) AS supports
    FROM {impulse} i
    LEFT JOIN (
        SELECT impulse_id, COUNT(*) AS supports FROM {support}
        WHERE created_at < %(until)s GROUP BY impulse_id
    ) s ON s.impulse_id = i.id
    WHERE NOT i.is_hidden AND i.status = ANY(%(visible)s) AND i.published_at < %(until)s
),
placed AS (
    SELECT DISTINCT t.impulse_id, scope.counted_in AS district_id
    FROM {impulse_districts} t JOIN scope ON scope.district_id = t.district_id
)
SELECT city_id, NULL::integer, COUNT(*), COUNT(*) FILTER (WHERE recent),
       COUNT(*) FILTER (WHERE implemented), COALESCE(SUM(supports), 0)
FROM shown GROUP BY city_id
UNION ALL
SELECT NULL::integer, p.district_id, COUNT(*), COUNT(*) FILTER (WHERE s.recent),
       COUNT(*) FILTER (WHERE s.implemented), COALESCE(SUM(s.supports), 0)
FROM shown s JOIN placed p ON p.impulse_id = s.id GROUP BY p.district_id
"""

_ACTIVE_PEOPLE = """
WITH {scope},
acts AS (
    SELECT author_id AS user_id, id AS impulse_id FROM {impulse}
    WHERE published_at >= %(since)s AND published_at < %(until)s
    UNION
    SELECT user_id, impulse_id FROM {support}
    WHERE created_at >= %(since)s AND created_at < %(until)s
    UNION
    SELECT user_id, impulse_id FROM {participation}
    WHERE created_at >= %(since)s AND created_at < %(until)s
),
visible_acts AS (
    SELECT a.user_id, a.impulse_id, i.city_id
    FROM acts a JOIN {impulse} i ON i.id = a.impulse_id
    WHERE NOT i.is_hidden AND i.status = ANY(%(visible)s)
),
residents AS (
    SELECT u.id AS user_id, u.home_district_id FROM {user} u
    WHERE u.home_district_id IS NOT NULL AND u.id IN (SELECT user_id FROM visible_acts)
),
places AS (
    SELECT user_id, city_id, NULL::integer AS district_id FROM visible_acts
    UNION ALL
    SELECT a.user_id, NULL::integer, scope.counted_in
    FROM visible_acts a
    JOIN {impulse_districts} t ON t.impulse_id = a.impulse_id
    JOIN scope ON scope.district_id = t.district_id
    UNION ALL
    SELECT r.user_id, d.city_id, NULL::integer
    FROM residents r JOIN {district} d ON d.id = r.home_district_id
    UNION ALL
    SELECT r.user_id, NULL::integer, scope.counted_in
    FROM residents r JOIN scope ON scope.district_id = r.home_district_id
)
SELECT city_id, district_id, COUNT(DISTINCT user_id) FROM places GROUP BY city_id, district_id
"""


def _area(city_id: int | None, district_id: int | None) -> Area:
    return ("district", district_id) if district_id is not None else ("city", city_id or 0)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The period of a day's snapshot: [end of day - 90 days, end of day), local time."""
    until = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    return until - ACTIVITY_WINDOW, until


def compute_counts(*, day: date) -> dict[Area, Counts]:
    """Every city's and district's figures as of the end of ``day``, in two statements.

    Areas without any activity are missing from the result (read them as zeros).
    """
    since, until = day_bounds(day)
    params: dict[str, Any] = {
        "since": since,
        "until": until,
        "visible": [str(s) for s in VISIBLE_STATUSES],
        "implemented": str(ImpulseStatus.IMPLEMENTED),
    }
    counts: dict[Area, Counts] = {}
    with connection.cursor() as cursor:
        cursor.execute(_statement(_IMPULSE_FIGURES), params)
        for city_id, district_id, total, recent, implemented, supports in cursor.fetchall():
            counts[_area(city_id, district_id)] = Counts(
                impulses_total=total,
                impulses_published_in_period=recent,
                implemented_total=implemented,
                supports_total=int(supports),
            )
        cursor.execute(_statement(_ACTIVE_PEOPLE), params)
        for city_id, district_id, people in cursor.fetchall():
            counts.setdefault(_area(city_id, district_id), Counts()).active_people = people
    return counts


def snapshots_for(
    *, day: date, cities: list[City], districts: list[District]
) -> list[ImpactSnapshot]:
    """Unsaved snapshots of ``day`` for the given cities and districts (computed now)."""
    counts = compute_counts(day=day)
    rows = [
        ImpactSnapshot(
            date=day,
            city=city,
            district=None,
            population=city.population,
            **asdict(counts.get(("city", city.pk), Counts())),
        )
        for city in cities
    ]
    rows += [
        ImpactSnapshot(
            date=day,
            city_id=d.city_id,
            district=d,
            population=d.population,
            **asdict(counts.get(("district", d.pk), Counts())),
        )
        for d in districts
    ]
    return rows


_UPDATED_FIELDS = [
    "population",
    "active_people",
    "impulses_total",
    "impulses_published_in_period",
    "implemented_total",
    "supports_total",
    "computed_at",
]


@transaction.atomic
def take_snapshot(*, day: date) -> int:
    """Store ``day``'s figures for every city and district; re-running replaces them (upsert).

    Returns the number of rows written.
    """
    if day > timezone.localdate():
        raise ImpactError(_("Für künftige Tage gibt es noch keine Zahlen."), field="day")
    rows = snapshots_for(
        day=day,
        cities=list(City.objects.only("id", "population")),
        districts=list(District.objects.only("id", "city_id", "population")),
    )
    ImpactSnapshot.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["city", "district", "date"],
        update_fields=_UPDATED_FIELDS,
        batch_size=1000,
    )
    return len(rows)


def take_due_snapshots() -> list[date]:
    """The hourly job: today's snapshot, and yesterday's once more if its last run was before
    midnight (so that the last hour of each day, and so each month's end, is counted)."""
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    days = []
    start_of_today = day_bounds(yesterday)[1]
    if ImpactSnapshot.objects.filter(
        date=yesterday, district__isnull=True, computed_at__lt=start_of_today
    ).exists():
        days.append(yesterday)
    days.append(today)
    for day in days:
        take_snapshot(day=day)
    return days


def backfill(*, last_day: date, days: int) -> list[date]:
    """Snapshots for ``last_day`` and the ``days`` days before it, oldest first."""
    if days < 0:
        raise ImpactError(_("Die Anzahl der Tage darf nicht negativ sein."), field="days")
    covered = [last_day - timedelta(days=n) for n in range(days, -1, -1)]
    for day in covered:
        take_snapshot(day=day)
    return covered

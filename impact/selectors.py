"""Reads for the impact dashboard and its API: an area's latest snapshot, the areas within it and
its monthly history. A fixed handful of indexed queries per page, whatever the data size."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from impact import services
from impact.models import ImpactSnapshot
from public_marketplace.models import City, District, DistrictLevel

HISTORY_MONTHS = 12


@dataclass(frozen=True)
class AreaFigures:
    """One area's numbers; ``population`` is the one configured now."""

    city: City
    district: District | None
    population: int | None
    active_people: int
    impulses_total: int
    impulses_published_in_period: int
    implemented_total: int
    supports_total: int

    @classmethod
    def of(cls, snapshot: ImpactSnapshot, city: City, district: District | None) -> AreaFigures:
        return cls(
            city=city,
            district=district,
            population=district.population if district else city.population,
            active_people=snapshot.active_people,
            impulses_total=snapshot.impulses_total,
            impulses_published_in_period=snapshot.impulses_published_in_period,
            implemented_total=snapshot.implemented_total,
            supports_total=snapshot.supports_total,
        )

    @property
    def name(self) -> str:
        return self.district.name if self.district else self.city.name

    @property
    def slug(self) -> str:
        return self.district.slug if self.district else self.city.slug

    @property
    def level(self) -> str:
        return self.district.level if self.district else "city"

    @property
    def share_percent(self) -> float | None:
        if not self.population:
            return None
        return 100 * self.active_people / self.population

    @property
    def people_goal(self) -> int | None:
        """How many active people make the 5 % goal, once the population is configured."""
        if not self.population:
            return None
        return math.ceil(self.population * services.DISTRICT_SHARE_GOAL_PERCENT / 100)


@dataclass(frozen=True)
class Goal:
    key: str
    title: str
    value: int
    target: int | None  # None: cannot be measured (population not configured)

    @property
    def percent(self) -> int | None:
        """Progress towards the goal in whole percent, at most 100."""
        if not self.target:
            return None
        return min(100, math.floor(100 * self.value / self.target))

    @property
    def reached(self) -> bool:
        return bool(self.target) and self.value >= (self.target or 0)


@dataclass(frozen=True)
class MonthPoint:
    """An area's figures at the end of a month (the month's last snapshot); None: no snapshot."""

    month: date
    active_people: int | None = None
    impulses_total: int | None = None
    implemented_total: int | None = None
    share_percent: float | None = None


@dataclass(frozen=True)
class Dashboard:
    city: City
    district: District | None
    as_of: date
    is_live: bool  # no snapshot yet: computed for this request
    figures: AreaFigures
    goals: list[Goal]
    areas: list[AreaFigures]  # a city's Stadtbezirke, a Stadtbezirk's Ortsteile
    history: list[MonthPoint]


def impact_cities() -> QuerySet[City]:
    return City.objects.only("id", "name", "slug").order_by("name")


def city_for_dashboard(slug: str | None) -> City | None:
    """The city of that slug, or (without one) the first city."""
    cities = City.objects.order_by("name")
    return cities.filter(slug=slug).first() if slug else cities.first()


def district_for_dashboard(city: City, slug: str) -> District | None:
    return District.objects.select_related("parent").filter(city=city, slug=slug).first()


def _scope(city: City, district: District | None) -> Q:
    return Q(city=city, district=district) if district else Q(city=city, district__isnull=True)


def _within(district: District | None) -> Q | None:
    """The areas listed below an area; None for an Ortsteil (nothing below it)."""
    if district is None:
        return Q(district__level=DistrictLevel.BOROUGH)
    if district.level == DistrictLevel.BOROUGH:
        return Q(district__parent=district)
    return None


def month_starts(today: date, months: int = HISTORY_MONTHS) -> list[date]:
    """The first days of the last ``months`` months, oldest first, ending with today's month."""
    index = today.year * 12 + today.month - 1
    return [date((index - n) // 12, (index - n) % 12 + 1, 1) for n in range(months - 1, -1, -1)]


def _history(city: City, district: District | None, today: date) -> dict[date, MonthPoint]:
    months = month_starts(today)
    rows = (
        ImpactSnapshot.objects.filter(_scope(city, district), date__gte=months[0])
        .annotate(month=TruncMonth("date"))
        .order_by("month", "-date")
        .distinct("month")
        .values("month", "active_people", "impulses_total", "implemented_total", "population")
    )
    return {
        row["month"]: MonthPoint(
            month=row["month"],
            active_people=row["active_people"],
            impulses_total=row["impulses_total"],
            implemented_total=row["implemented_total"],
            share_percent=(
                100 * row["active_people"] / row["population"] if row["population"] else None
            ),
        )
        for row in rows
    }


def _goals(figures: AreaFigures) -> list[Goal]:
    if figures.district is None:
        return [
            Goal(
                key="implemented",
                title=_("%(n)s umgesetzte Projekte") % {"n": services.CITY_IMPLEMENTED_GOAL},
                value=figures.implemented_total,
                target=services.CITY_IMPLEMENTED_GOAL,
            )
        ]
    return [
        Goal(
            key="share",
            title=_("%(p)s %% der Einwohner:innen machen mit")
            % {"p": services.DISTRICT_SHARE_GOAL_PERCENT},
            value=figures.active_people,
            target=figures.people_goal,
        )
    ]


def dashboard(
    *, city: City, district: District | None = None, today: date | None = None
) -> Dashboard:
    """An area's figures from its latest snapshot (computed live if there is none yet)."""
    today = today or timezone.localdate()
    within = _within(district)
    latest = ImpactSnapshot.objects.filter(_scope(city, district)).order_by("-date").first()
    if latest is not None:
        as_of = latest.date
        figures = AreaFigures.of(latest, city, district)
        areas = []
        if within is not None:
            rows = (
                ImpactSnapshot.objects.filter(within, city=city, date=as_of)
                .select_related("district")
                .order_by("district__number")
            )
            areas = [AreaFigures.of(row, city, row.district) for row in rows]
    else:
        # Nothing stored yet (a new installation before the first hourly run): compute live.
        as_of = today
        districts = list(District.objects.filter(city=city).order_by("number"))
        live = services.snapshots_for(day=today, cities=[city], districts=districts)
        by_district = {row.district.pk: row for row in live if row.district is not None}
        figures = AreaFigures.of(by_district[district.pk] if district else live[0], city, district)
        areas = []
        if within is not None:
            below = [
                d
                for d in districts
                if (d.parent_id == district.pk if district else d.level == DistrictLevel.BOROUGH)
            ]
            areas = [AreaFigures.of(by_district[d.pk], city, d) for d in below]
    points = _history(city, district, today)
    if latest is None:
        points[month_starts(today)[-1]] = MonthPoint(
            month=month_starts(today)[-1],
            active_people=figures.active_people,
            impulses_total=figures.impulses_total,
            implemented_total=figures.implemented_total,
            share_percent=figures.share_percent,
        )
    history = [points.get(month, MonthPoint(month=month)) for month in month_starts(today)]
    return Dashboard(
        city=city,
        district=district,
        as_of=as_of,
        is_live=latest is None,
        figures=figures,
        goals=_goals(figures),
        areas=areas,
        history=history,
    )

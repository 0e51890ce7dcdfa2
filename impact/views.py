"""The public impact dashboard (/wirkung/). HTTP only: parse → selector → render."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from impact import charts, selectors
from public_marketplace.models import City, District


def _charts(board: selectors.Dashboard) -> list[dict[str, object]]:
    months = [point.month for point in board.history]
    series = [
        ("active", _("Aktive Menschen"), _("Menschen"), "active_people", 0),
        ("impulses", _("Impulse"), _("Impulse"), "impulses_total", 0),
        ("implemented", _("Umgesetzte Projekte"), _("Projekte"), "implemented_total", 0),
    ]
    if board.figures.population:
        series.append(("share", _("Anteil der Bevölkerung"), _("Prozent"), "share_percent", 1))
    return [
        {
            "key": key,
            "title": title,
            "svg": charts.monthly_line_chart(
                chart_id=f"chart-{key}",
                title=_("%(what)s in %(area)s, letzte 12 Monate")
                % {"what": title, "area": board.figures.name},
                description=_("Monatswerte; die Tabelle „Verlauf“ enthält dieselben Zahlen."),
                months=months,
                values=[getattr(point, attribute) for point in board.history],
                y_title=unit,
                x_title=_("Monat"),
                decimals=decimals,
            ),
        }
        for key, title, unit, attribute, decimals in series
    ]


def _render(request: HttpRequest, city: City, district: District | None) -> HttpResponse:
    board = selectors.dashboard(city=city, district=district)
    return render(
        request,
        "impact/dashboard.html",
        {
            "board": board,
            "charts": _charts(board),
            "cities": selectors.impact_cities() if district is None else [],
        },
    )


@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    slug = request.GET.get("stadt", "").strip()
    city = selectors.city_for_dashboard(slug or None)
    if city is None:
        if slug:
            raise Http404
        return render(request, "impact/no_city.html")
    return _render(request, city, None)


@require_safe
def city_dashboard(request: HttpRequest, city: str) -> HttpResponse:
    found = selectors.city_for_dashboard(city)
    if found is None:
        raise Http404
    return _render(request, found, None)


@require_safe
def district_dashboard(request: HttpRequest, city: str, district: str) -> HttpResponse:
    found = selectors.city_for_dashboard(city)
    area = selectors.district_for_dashboard(found, district) if found else None
    if found is None or area is None:
        raise Http404
    return _render(request, found, area)

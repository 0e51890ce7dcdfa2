from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from impact import services
from impact.models import ImpactSnapshot
from impact.selectors import month_starts
from public_marketplace.models import City, District
from public_marketplace.services.boxes import offer_help
from public_marketplace.services.impulses import support_impulse
from tests.cast import Cast
from tests.impact.scenario import build
from tests.public_marketplace.factories import district, make_impulse

PAGES = [
    "/wirkung/",
    "/wirkung/leipzig/",
    "/wirkung/leipzig/alt-west/",
    "/wirkung/leipzig/lindenau/",
]


def today():
    return timezone.localdate()


@pytest.mark.parametrize("path", PAGES)
def test_the_pages_show_the_latest_snapshot_to_everyone(cast: Cast, client_for, path) -> None:
    build(cast)
    services.take_snapshot(day=today())

    for user in (None, cast.erin, cast.staff):
        response = client_for(None, user).get(path)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Stand:" in html
        assert 'style="' not in html and "<script>" not in html  # strict CSP
        assert "<svg" in html and "<title" in html and "<caption" in html  # chart + its table


def test_the_city_page_shows_its_figures_goal_and_stadtbezirke(cast: Cast, client_for) -> None:
    build(cast)
    services.take_snapshot(day=today())

    response = client_for(None, None).get("/wirkung/")
    board = response.context["board"]

    assert board.city.slug == "leipzig" and board.district is None and not board.is_live
    assert (board.figures.active_people, board.figures.implemented_total) == (4, 1)
    [goal] = board.goals
    assert (goal.key, goal.value, goal.target, goal.percent) == ("implemented", 1, 100, 1)
    assert [area.slug for area in board.areas][:2] == ["mitte", "nordost"]
    assert len(board.areas) == 10
    html = response.content.decode()
    assert '<progress id="goal-implemented" max="100" value="1">' in html
    assert 'href="/wirkung/leipzig/alt-west/"' in html
    assert "erin" not in html.lower() and "Erin" not in html  # numbers, never names


def test_a_district_shows_progress_towards_five_percent(cast: Cast, client_for) -> None:
    District.objects.filter(slug="alt-west").update(population=200)
    build(cast)
    services.take_snapshot(day=today())

    response = client_for(None, None).get("/wirkung/leipzig/alt-west/")
    board = response.context["board"]

    [goal] = board.goals
    assert (goal.key, goal.value, goal.target, goal.percent) == ("share", 3, 10, 30)
    assert board.figures.share_percent == pytest.approx(1.5)
    assert [area.slug for area in board.areas][0] == "lindenau"  # its Ortsteile
    html = response.content.decode()
    assert '<progress id="goal-share" max="10" value="3">' in html
    assert "1,5 %" in html


def test_a_reached_goal_shows_a_full_bar(cast: Cast, client_for) -> None:
    District.objects.filter(slug="lindenau").update(population=20)
    build(cast)
    services.take_snapshot(day=today())

    board = client_for(None, None).get("/wirkung/leipzig/lindenau/").context["board"]

    assert board.goals[0].reached and board.goals[0].percent == 100
    assert board.areas == []  # an Ortsteil has nothing below it


def test_a_missing_population_reads_not_configured(cast: Cast, client_for) -> None:
    build(cast)
    services.take_snapshot(day=today())

    response = client_for(None, None).get("/wirkung/leipzig/alt-west/")

    assert response.context["board"].goals[0].target is None
    assert response.context["board"].figures.share_percent is None
    html = response.content.decode()
    assert "nicht konfiguriert" in html
    assert 'id="goal-share"' not in html


def test_without_a_snapshot_the_numbers_are_computed_live(cast: Cast, client_for) -> None:
    build(cast)

    response = client_for(None, None).get("/wirkung/leipzig/alt-west/")
    board = response.context["board"]

    assert board.is_live and board.as_of == today()
    assert board.figures.active_people == 3
    assert next(a for a in board.areas if a.slug == "lindenau").active_people == 3
    assert board.history[-1].active_people == 3
    assert not ImpactSnapshot.objects.exists()  # reading never writes


def test_the_history_has_one_point_per_month(cast: Cast, client_for) -> None:
    build(cast)
    months = month_starts(today())
    for month in months:
        # The current month's snapshot is today's: the activity build() made is from today.
        day = today() if month == months[-1] else month + timedelta(days=27)
        services.take_snapshot(day=day)

    response = client_for(None, None).get("/wirkung/leipzig/")
    history = response.context["board"].history

    assert len(history) == 12 and all(p.active_people is not None for p in history)
    assert history[-1].active_people == 4
    html = response.content.decode()
    active_chart = html.split('id="chart-active-title"')[1].split("</svg>")[0]
    assert active_chart.count("<circle") == 12


def test_the_page_offers_other_cities(cast: Cast, client_for) -> None:
    City.objects.create(name="Meißen", slug="meissen")

    response = client_for(None, None).get("/wirkung/", {"stadt": "meissen"})

    assert response.context["board"].city.slug == "meissen"
    assert response.context["board"].areas == []
    assert 'href="/wirkung/leipzig/"' in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/wirkung/?stadt=atlantis",
        "/wirkung/atlantis/",
        "/wirkung/leipzig/atlantis/",
        "/api/v1/impact/atlantis/",
        "/api/v1/impact/leipzig/atlantis/",
    ],
)
def test_unknown_cities_and_districts_are_not_found(cast: Cast, client_for, path) -> None:
    assert client_for(None, None).get(path).status_code == 404


def test_the_api_gives_the_same_numbers(cast: Cast, client_for) -> None:
    District.objects.filter(slug="lindenau").update(population=60)
    build(cast)
    services.take_snapshot(day=today())

    city = client_for(None, None).get("/api/v1/impact/leipzig/").json()
    lindenau = client_for(None, None).get("/api/v1/impact/leipzig/lindenau/").json()

    assert city["as_of"] == today().isoformat() and city["is_live"] is False
    assert city["figures"]["active_people"] == 4
    assert city["figures"]["population"] is None and city["figures"]["share_percent"] is None
    assert city["goals"][0]["target"] == 100
    assert len(city["areas"]) == 10 and len(city["history"]) == 12
    alt_west = next(a for a in city["areas"] if a["slug"] == "alt-west")
    assert alt_west["active_people"] == 3 and alt_west["level"] == "borough"
    assert lindenau["figures"] == {
        "slug": "lindenau",
        "name": "Lindenau",
        "level": "locality",
        "population": 60,
        "share_percent": 5.0,
        "active_people": 3,
        "impulses_total": 2,
        "impulses_published_in_period": 2,
        "implemented_total": 1,
        "supports_total": 1,
    }
    assert lindenau["goals"][0]["reached"] is True


def test_the_api_is_described_by_a_valid_schema() -> None:
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    schema = SchemaGenerator(urlconf="config.urls_public").get_schema(request=None, public=True)
    validate_schema(schema)
    assert "/api/v1/impact/{city}/{district}/" in schema["paths"]


def _more_activity(cast: Cast, n: int) -> None:
    people = [cast.alice, cast.bob, cast.carol, cast.dave, cast.gina]
    for i in range(n):
        area = ["lindenau", "plagwitz", "zentrum", "grunau-ost"][i % 4]
        impulse = make_impulse(cast.erin, title=f"Idee {i}", district_ids=[district(area).pk])
        for person in people[: i % 5 + 1]:
            support_impulse(impulse=impulse, user=person)
        offer_help(impulse=impulse, user=people[i % 5])


@pytest.mark.parametrize(
    "path", [*PAGES, "/api/v1/impact/leipzig/", "/api/v1/impact/leipzig/alt-west/"]
)
def test_the_number_of_queries_does_not_grow_with_the_data(cast: Cast, client_for, path) -> None:
    build(cast)
    services.take_snapshot(day=today() - timedelta(days=40))
    services.take_snapshot(day=today())
    client = client_for(None, cast.erin)
    client.get(path)
    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200

    _more_activity(cast, 20)
    for days_ago in (100, 70, 10, 0):
        services.take_snapshot(day=today() - timedelta(days=days_ago))
    with CaptureQueriesContext(connection) as many:
        assert client.get(path).status_code == 200

    assert len(many) == len(few)
    assert len(few) <= 12, [q["sql"] for q in few.captured_queries]
    # Pages read snapshots only, never the marketplace's big tables.
    assert not any(
        re.search(r'FROM "public_marketplace_(impulse|support|participation)', q["sql"])
        for q in many.captured_queries
    )


def test_the_live_fallback_runs_a_bounded_number_of_queries(cast: Cast, client_for) -> None:
    build(cast)
    client = client_for(None, None)
    client.get("/wirkung/leipzig/alt-west/")
    with CaptureQueriesContext(connection) as few:
        client.get("/wirkung/leipzig/alt-west/")
    _more_activity(cast, 12)
    with CaptureQueriesContext(connection) as many:
        client.get("/wirkung/leipzig/alt-west/")

    assert len(many) == len(few)

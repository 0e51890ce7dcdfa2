"""List queries walk an index range: no sequential scan, no sort over the whole set, no OFFSET.

20,000 impulses are generated in SQL (fast) and ANALYZEd, then every list order and a deep page
are EXPLAINed. The benchmark (docs/benchmarks.md) measures the same queries on 1,000,000 rows.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config import keyset
from public_marketplace.models import Impulse
from public_marketplace.selectors import ImpulseFilters, impulse_page
from tests.cast import Cast
from tests.public_marketplace.factories import district, leipzig

ROWS = 20_000


@pytest.fixture
def many_impulses(cast: Cast) -> None:
    city = leipzig()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO public_marketplace_impulse
              (public_id, kind, title, body, body_html, city_id, author_id, author_kind, status,
               implementation_report, place_name, address, online_url, support_count,
               participant_count, comment_count, hot_score, is_hidden, published_at, created_at,
               updated_at, starts_at)
            SELECT gen_random_uuid(), CASE WHEN n %% 10 = 0 THEN 'event' ELSE 'idea' END,
                   'Impuls ' || n, 'Text ' || n, '<p>Text</p>', %s, %s, 'citizen', 'published',
                   '', '', '', '', n %% 500, 0, 0, n / 1000.0, false,
                   now() - (n || ' minutes')::interval, now(), now(),
                   CASE WHEN n %% 10 = 0 THEN now() + (n || ' minutes')::interval END
            FROM generate_series(1, %s) AS n
            """,
            [city.pk, cast.erin.pk, ROWS],
        )
        through = Impulse.districts.through._meta.db_table
        cursor.execute(
            f"INSERT INTO {through} (impulse_id, district_id) "  # noqa: S608 - our table name
            "SELECT id, %s FROM public_marketplace_impulse WHERE id %% 7 = 0",
            [district("lindenau").pk],
        )
        cursor.execute("ANALYZE public_marketplace_impulse")
        cursor.execute(f"ANALYZE {through}")


def _plan(filters: ImpulseFilters, cursor: str = "") -> str:
    """EXPLAIN of the query that fetches the page (the first one that orders impulses)."""
    with CaptureQueriesContext(connection) as queries:
        impulse_page(filters, cursor=cursor)
    sql = next(
        q["sql"]
        for q in queries.captured_queries
        if "ORDER BY" in q["sql"] and 'FROM "public_marketplace_impulse"' in q["sql"]
    )
    with connection.cursor() as explain:
        explain.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in explain.fetchall())


@pytest.mark.parametrize(
    ("sort", "index"),
    [
        ("trending", "impulse_trending"),
        ("newest", "impulse_newest"),
        ("supported", "impulse_supported"),
        ("upcoming", "impulse_upcoming"),
    ],
)
def test_each_order_reads_its_index(many_impulses: None, sort: str, index: str) -> None:
    plan = _plan(ImpulseFilters(sort=sort))
    assert index in plan, plan
    assert "Seq Scan on public_marketplace_impulse" not in plan, plan


def test_a_deep_page_starts_inside_the_index(many_impulses: None) -> None:
    row = Impulse.objects.order_by("-hot_score", "-id").values_list("hot_score", "id")[15_000]
    plan = _plan(ImpulseFilters(sort="trending"), cursor=keyset.encode(*row))
    assert "Index Cond" in plan and "impulse_trending" in plan, plan
    assert "Seq Scan on public_marketplace_impulse" not in plan, plan


def test_the_district_filter_does_not_scan_all_impulses(many_impulses: None) -> None:
    plan = _plan(ImpulseFilters(district="alt-west", sort="newest"))
    assert "Seq Scan on public_marketplace_impulse " not in plan + " ", plan


def test_search_uses_the_full_text_index(many_impulses: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN SELECT id FROM public_marketplace_impulse "
            "WHERE search_vector @@ websearch_to_tsquery('german', %s) LIMIT 20",
            ["19999"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "impulse_search" in plan and "Seq Scan" not in plan, plan


def _search_plans(text: str) -> list[str]:
    """EXPLAIN of every query the search page sends to the impulse table, with sequential scans
    switched off for this transaction: a plan that still holds one has no index path at all
    (on 20,000 rows the planner may rightly prefer a scan; on 1,000,000 it must not have to).
    The ``set_config`` calls the selector made are replayed first."""
    with CaptureQueriesContext(connection) as queries:
        impulse_page(ImpulseFilters(q=text))
    sql = [q["sql"] for q in queries.captured_queries]
    plans = []
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for statement in sql:
            if "set_config(" in statement:
                cursor.execute(statement)
            elif statement.startswith("SELECT") and '"public_marketplace_impulse"' in statement:
                cursor.execute("EXPLAIN " + statement)
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans


IMPULSE_SEQ_SCAN = re.compile(r"Seq Scan on public_marketplace_impulse(?!_)")


def test_search_for_a_common_word_reads_the_trending_index(many_impulses: None) -> None:
    plans = _search_plans("Impuls")  # in every title: the window finds 20 at once
    assert len(plans) == 2, plans  # the window, then the 20 rows ranked
    assert "impulse_trending" in plans[0], plans[0]
    assert "Limit" in plans[0], plans[0]
    for plan in plans:
        assert not IMPULSE_SEQ_SCAN.search(plan), plan


def test_search_for_a_word_that_matches_nothing_reads_only_indexes(many_impulses: None) -> None:
    plans = _search_plans("Elefant")
    # Full text: the window, then every match through the GIN index (none). The typo
    # fallback: the same two steps with trigrams.
    assert len(plans) == 4, plans
    window, fulltext, trigram_window, trigram = plans
    assert "impulse_trending" in window and "impulse_trending" in trigram_window, plans
    assert "impulse_search" in fulltext, fulltext
    assert "impulse_title_trgm" in trigram, trigram
    for plan in plans:
        assert not IMPULSE_SEQ_SCAN.search(plan), plan

"""Search within an organisation: German full text over posts and events, names of groups and
people; only what the searching member may see; a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context

from events.services import create_event
from intranet.services import update_profile
from tests.cast import Cast
from tests.workspaces.factories import actor
from workspaces.services import add_workspace_member, create_post, create_workspace


def fill_alpha(cast: Cast) -> None:
    with tenant_context(cast.alpha):
        alice = actor(cast.alice)
        open_group = create_workspace(actor=alice, name="Verkehrswende", visibility="open")
        secret = create_workspace(actor=alice, name="Vorstand", visibility="secret")
        add_workspace_member(actor=alice, workspace=secret, user=cast.bob)
        create_post(actor=alice, workspace=open_group, body="Neue Radwege an der Jahnallee!")
        create_post(actor=alice, workspace=secret, body="Vertraulich: Radweg-Budget 2027")
        create_post(actor=alice, body="Sommerfest im Clara-Zetkin-Park")
        start = timezone.now() + timedelta(days=3)
        create_event(
            actor=alice,
            title="Radtour durch Lindenau",
            description="Wir fahren gemeinsam.",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
        )
    update_profile(
        organisation=cast.alpha,
        user=cast.bob,
        function="Sprecher Radverkehr",
        phone="",
        contact_email="",
        contact_visibility="nobody",
    )


def test_search_finds_posts_events_groups_and_people_with_german_stemming(
    cast: Cast, client_for: Any
) -> None:
    fill_alpha(cast)
    page = client_for(cast.alpha, cast.dave).get("/suche/", {"q": "Radweg"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Neue Radwege an der Jahnallee" in html  # "Radweg" finds "Radwege"
    assert "Vertraulich" not in html  # a secret group dave is not in
    assert "Radtour durch Lindenau" not in html
    groups = client_for(cast.alpha, cast.dave).get("/suche/", {"q": "verkehr"}).content.decode()
    assert "Verkehrswende" in groups and "Sprecher Radverkehr" in groups
    events = client_for(cast.alpha, cast.gina).get("/suche/", {"q": "Radtour"}).content.decode()
    assert "Radtour durch Lindenau" in events  # guests search too


def test_guests_find_content_but_never_people_on_the_page_or_the_api(
    cast: Cast, client_for: Any
) -> None:
    """The directory is for members (intranet.permissions.DIRECTORY_ROLE): a guest who is
    refused /mitglieder/ must not list members through search or the API either."""
    fill_alpha(cast)
    gina = client_for(cast.alpha, cast.gina)
    page = gina.get("/suche/", {"q": "Radverkehr"}).content.decode()
    assert "Sprecher Radverkehr" not in page and 'data-testid="hits-people"' not in page
    assert gina.get("/api/v1/search/", {"q": "Radverkehr"}).json()["people"] == []
    assert gina.get("/api/v1/members/").status_code == 403
    assert gina.get("/mitglieder/").status_code == 403
    dave = client_for(cast.alpha, cast.dave)
    assert [p["name"] for p in dave.get("/api/v1/search/", {"q": "Radverkehr"}).json()["people"]]


def test_members_of_a_secret_group_find_its_posts(cast: Cast, client_for: Any) -> None:
    fill_alpha(cast)
    html = client_for(cast.alpha, cast.bob).get("/suche/", {"q": "Budget"}).content.decode()
    assert "Vertraulich" in html


def test_the_api_answers_with_grouped_hits_and_refuses_short_queries(
    cast: Cast, client_for: Any
) -> None:
    fill_alpha(cast)
    dave = client_for(cast.alpha, cast.dave)
    data = dave.get("/api/v1/search/", {"q": "Sommerfest"}).json()
    assert [p["excerpt"] for p in data["posts"]] == ["Sommerfest im Clara-Zetkin-Park"]
    short = dave.get("/api/v1/search/", {"q": "a"})
    assert short.status_code == 400 and "zwei Zeichen" in short.json()["q"][0]


def test_other_organisations_find_nothing_of_alpha(cast: Cast, client_for: Any) -> None:
    fill_alpha(cast)
    assert client_for(cast.alpha, cast.carol).get("/suche/", {"q": "Radweg"}).status_code == 404
    beta = client_for(cast.beta, cast.carol).get("/suche/", {"q": "Radweg"}).content.decode()
    assert "Jahnallee" not in beta and "Nichts gefunden" in beta


def test_a_search_runs_the_same_number_of_queries_however_much_matches(
    cast: Cast, client_for: Any
) -> None:
    fill_alpha(cast)
    client = client_for(cast.alpha, cast.alice)
    client.get("/suche/", {"q": "Radweg"})
    with CaptureQueriesContext(connection) as before:
        client.get("/suche/", {"q": "Radweg"})
    with tenant_context(cast.alpha):
        alice = actor(cast.alice)
        for i in range(25):
            create_post(actor=alice, body=f"Radweg Nummer {i}")
    with CaptureQueriesContext(connection) as after:
        client.get("/suche/", {"q": "Radweg"})
    assert len(after) == len(before)


def test_documents_are_found_by_name_within_readable_areas(
    cast: Cast, client_for: Any, settings: Any, tmp_path: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from documents.services import upload_document

    settings.DOCUMENTS_ROOT = tmp_path
    pdf = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    with tenant_context(cast.alpha):
        alice = actor(cast.alice)
        secret = create_workspace(actor=alice, name="Kasse", visibility="secret")
        upload_document(
            actor=alice,
            upload=SimpleUploadedFile("Satzung 2027.pdf", pdf, content_type="application/pdf"),
        )
        upload_document(
            actor=alice,
            workspace=secret,
            upload=SimpleUploadedFile("Satzung Entwurf.pdf", pdf, content_type="application/pdf"),
        )
    dave = client_for(cast.alpha, cast.dave).get("/suche/", {"q": "Satzung"}).content.decode()
    assert "Satzung 2027.pdf" in dave and "Satzung Entwurf.pdf" not in dave
    alice_sees = client_for(cast.alpha, cast.alice).get("/api/v1/search/", {"q": "satzung"})
    assert {d["name"] for d in alice_sees.json()["documents"]} == {
        "Satzung 2027.pdf",
        "Satzung Entwurf.pdf",
    }


def _plans_with_only_bitmap_scans(
    searcher: Any, text: str, sql_marker: str
) -> tuple[Any, list[str]]:
    """Search, then EXPLAIN the captured queries containing ``sql_marker``, with sequential and
    plain index scans off. Is there an index path at all? A walk of the primary key with a
    filter is no answer, and with a test's few rows the planner's own choice depends on
    leftover statistics; only bitmap scans remain, and only the GIN indexes answer."""
    from intranet.search import search

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    with CaptureQueriesContext(connection) as queries:
        results = search(searcher, text)
    plans = []
    for query in queries.captured_queries:
        if sql_marker in query["sql"]:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN " + query["sql"])
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return results, plans


def test_post_and_event_search_can_use_their_full_text_indexes(cast: Cast) -> None:
    with tenant_context(cast.alpha):
        _, plans = _plans_with_only_bitmap_scans(actor(cast.alice), "Radtour", "@@")
    assert any("event_search" in plan for plan in plans), plans
    assert any("post_body_search" in plan for plan in plans), plans


def test_people_search_can_use_its_trigram_indexes(cast: Cast) -> None:
    """Names and functions are matched with ILIKE '%…%': only the trigram indexes answer that
    without reading every member and every account."""
    fill_alpha(cast)
    with tenant_context(cast.alpha):
        results, plans = _plans_with_only_bitmap_scans(actor(cast.alice), "Radverkehr", "UNION")
    plan = plans[0]
    assert [m.user_id for m in results.people] == [cast.bob.pk]
    assert "user_display_name_trgm" in plan, plan
    assert "membership_function_trgm" in plan, plan

"""The partner API: the directory for everyone (filters, keyset pages, no e-mail address, a
400 for an unknown kind), a box's requests for its members only, bounded queries, and an
OpenAPI schema that describes both."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import Kind
from tests.cast import Cast
from tests.partners.factories import PARTNER_EMAIL, ask, erins_box, make_partner
from tests.taskboard.factories import box_on_network


def test_everyone_reads_the_directory_with_filters_and_without_addresses(
    cast: Cast, client_for: Any
) -> None:
    make_partner("Werkstatt Lindenau", kinds=[Kind.TOOLS])
    make_partner("Raum Connewitz", kinds=[Kind.ROOMS], districts=("connewitz",))
    make_partner("Versteckt", is_active=False)
    client = client_for(None, None)
    body = client.get("/api/v1/partners/").json()
    assert [p["name"] for p in body["results"]] == ["Raum Connewitz", "Werkstatt Lindenau"]
    assert body["next"] is None
    assert PARTNER_EMAIL not in str(body) and "email" not in body["results"][0]
    first = body["results"][1]
    assert first["kinds"] == ["tools"] and first["districts"] == [
        {"slug": "lindenau", "name": "Lindenau"}
    ]
    assert first["url"] == "/partner/werkstatt-lindenau/"

    def names(query: str) -> list[str]:
        found = client.get(f"/api/v1/partners/?{query}").json()["results"]
        return [p["name"] for p in found]

    assert names("district=connewitz") == ["Raum Connewitz"]
    assert names("kind=tools") == ["Werkstatt Lindenau"]
    assert names("q=Connewitz") == ["Raum Connewitz"]
    assert names("district=mars") == []

    detail = client.get("/api/v1/partners/werkstatt-lindenau/")
    assert detail.status_code == 200 and detail.json()["name"] == "Werkstatt Lindenau"
    assert client.get("/api/v1/partners/versteckt/").status_code == 404
    bad = client.get("/api/v1/partners/?kind=rockets")
    assert bad.status_code == 400 and "kind" in bad.json()
    assert client.get("/api/v1/partners/?page_size=0").status_code == 400


def test_the_directory_pages_by_cursor_with_the_same_queries(cast: Cast, client_for: Any) -> None:
    client = client_for(None, None)
    for index in range(3):
        make_partner(f"Ort {index:02d}", districts=("lindenau", "plagwitz"))
    client.get("/api/v1/partners/")  # the first request also resolves the host
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/partners/?page_size=2")
    for index in range(3, 30):
        make_partner(f"Ort {index:02d}", districts=("lindenau", "plagwitz"))
    with CaptureQueriesContext(connection) as many:
        page = client.get("/api/v1/partners/?page_size=20").json()
    assert len(many) == len(few) <= 6
    assert len(page["results"]) == 20 and page["next"]
    rest = client.get("/api/v1/partners/", {"cursor": page["next"], "page_size": 20}).json()
    assert [p["name"] for p in rest["results"]] == [f"Ort {i:02d}" for i in range(20, 30)]
    assert rest["next"] is None
    forged = client.get("/api/v1/partners/?cursor=kaputt").json()
    assert forged["results"][0]["name"] == "Ort 00"  # a forged cursor gives the first page


def test_a_boxs_requests_are_for_its_members(cast: Cast, client_for: Any) -> None:
    box = erins_box(cast)
    asked = ask(cast, box, make_partner())
    other_box = box_on_network(cast)  # another of erin's boxes, gina helps there too
    ask(cast, other_box, make_partner("Zweiter"), what="Farbe")

    erin = client_for(None, cast.erin).get(f"/api/v1/partner-requests/?box={box.slug}").json()
    assert [r["what"] for r in erin["results"]] == ["Zwei Schubkarren und eine Leiter"]
    item = erin["results"][0]
    assert item["box"] == {"slug": box.slug, "name": box.name}
    assert item["partner"]["slug"] == "werkstatt-lindenau" and item["status"] == "open"
    assert PARTNER_EMAIL not in str(erin)
    everything = client_for(None, cast.gina).get("/api/v1/partner-requests/").json()
    assert len(everything["results"]) == 2
    one = client_for(None, cast.gina).get(f"/api/v1/partner-requests/{asked.public_id}/")
    assert one.status_code == 200 and one.json()["id"] == str(asked.public_id)

    bob = client_for(None, cast.bob)
    assert bob.get("/api/v1/partner-requests/").json()["results"] == []
    assert bob.get(f"/api/v1/partner-requests/{asked.public_id}/").status_code == 404
    refused = bob.get(f"/api/v1/partner-requests/?box={box.slug}")
    assert refused.status_code == 403 and "box" in refused.json()
    assert bob.get("/api/v1/partner-requests/?box=gibt-es-nicht").status_code == 400
    assert client_for(None, None).get("/api/v1/partner-requests/").status_code == 403
    staff = client_for(None, cast.staff).get(f"/api/v1/partner-requests/{asked.public_id}/")
    assert staff.status_code == 200
    # Read-only: nothing is written through the API.
    assert client_for(None, cast.erin).post("/api/v1/partner-requests/", {}).status_code == 405


def test_the_requests_api_pages_with_the_same_queries(cast: Cast, client_for: Any) -> None:
    box, partner = erins_box(cast), make_partner()
    erin = client_for(None, cast.erin)
    ask(cast, box, partner)
    erin.get("/api/v1/partner-requests/")
    with CaptureQueriesContext(connection) as few:
        erin.get("/api/v1/partner-requests/?page_size=3")
    for index in range(6):
        ask(cast, box, partner, what=f"Ding {index}")
    with CaptureQueriesContext(connection) as many:
        page = erin.get("/api/v1/partner-requests/?page_size=3").json()
    assert len(many) == len(few)
    assert [r["what"] for r in page["results"]] == ["Ding 5", "Ding 4", "Ding 3"]
    rest = erin.get("/api/v1/partner-requests/", {"cursor": page["next"], "page_size": 10}).json()
    assert len(rest["results"]) == 4 and rest["next"] is None


def test_the_openapi_schema_describes_the_partner_endpoints(cast: Cast, client_for: Any) -> None:
    schema = client_for(None, None).get("/api/schema/?format=json").json()
    paths = schema["paths"]
    listing = paths["/api/v1/partners/"]["get"]
    assert {p["name"] for p in listing["parameters"]} >= {"district", "kind", "q", "cursor"}
    assert listing["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/PartnerPage"
    )
    assert "400" in listing["responses"]
    assert set(paths["/api/v1/partners/{slug}/"]) == {"get"}
    assert set(paths["/api/v1/partner-requests/"]) == {"get"}
    assert "403" in paths["/api/v1/partner-requests/"]["get"]["responses"]
    assert set(paths["/api/v1/partner-requests/{public_id}/"]) == {"get"}
    partner = schema["components"]["schemas"]["Partner"]["properties"]
    assert "email" not in partner and "districts" in partner
    request = schema["components"]["schemas"]["PartnerRequest"]["properties"]
    assert set(request) >= {"id", "box", "partner", "what", "when", "status", "answer"}

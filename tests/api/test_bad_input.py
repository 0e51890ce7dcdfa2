"""Bad input gets a 4xx with a JSON body (or an empty result), never a 500 (docs/security.md
WEB-4)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator

from tests.cast import Cast

NOT_A_UUID = "0" * 36  # the length of a UUID, but none


def _json_error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert isinstance(body, dict) and body
    return body


def _quiet(client: Client) -> Client:
    client.raise_request_exception = False  # a 500 shows as a 500, not as the exception
    return client


def test_an_unknown_district_with_a_search_is_an_empty_list(cast: Cast, client_for) -> None:
    response = client_for(None).get("/api/v1/impulses/", {"district": "zzz", "q": "a"})
    assert response.status_code == 200
    assert response.json() == {"results": [], "next_cursor": None}


@pytest.mark.parametrize(
    ("on_alpha", "path"),
    [
        (False, "/api/v1/impulses/?q=%00"),
        (False, "/api/v1/impulses/?q=B%C3%A4ume%00"),
        (False, "/api/v1/impulses/?district=%00"),
        (True, "/api/v1/search/?q=ab%00"),
        (True, "/api/v1/events/?group=%00"),
        (True, "/api/v1/posts/?cursor=%00"),
    ],
)
def test_a_nul_character_in_an_api_query_is_a_json_400(
    cast: Cast, client_for, on_alpha: bool, path: str
) -> None:
    client = _quiet(client_for(cast.alpha if on_alpha else None, cast.bob))
    assert _json_error(client.get(path), 400)["code"] == "invalid"


@pytest.mark.parametrize(
    ("on_alpha", "path"),
    [
        (False, "/impulse/?q=%00"),
        (False, "/impulse/?q=Markt%00&district=lindenau"),
        (True, "/suche/?q=ab%00"),
        (True, "/mitglieder/?q=%00"),
    ],
)
def test_a_nul_character_in_a_page_query_is_a_400_page(
    cast: Cast, client_for, on_alpha: bool, path: str
) -> None:
    client = _quiet(client_for(cast.alpha if on_alpha else None, cast.bob))
    response = client.get(path)
    assert response.status_code == 400
    assert "Ungültige Anfrage" in response.content.decode()


def _operations(urlconf: str) -> list[tuple[str, str]]:
    schema = SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)
    return [
        (method.upper(), path)
        for path, item in schema["paths"].items()
        if "{" in path
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    ]


TENANT_ID_ROUTES = [op for op in _operations("config.urls_tenant") if "{slug}" not in op[1]]
PUBLIC_ID_ROUTES = [op for op in _operations("config.urls_public") if "id}" in op[1]]


def test_every_route_with_an_id_is_checked() -> None:
    # Posts (10), events (3), discussions (3), proposals (3), documents and folders (6), group
    # join requests (1): each answered 500 for 36 characters that are no UUID, bar documents.
    assert len(TENANT_ID_ROUTES) >= 26, TENANT_ID_ROUTES


@pytest.mark.parametrize(("method", "path"), TENANT_ID_ROUTES + PUBLIC_ID_ROUTES)
def test_an_id_that_is_no_uuid_is_a_json_404(
    cast: Cast, client_for, method: str, path: str
) -> None:
    on_alpha = (method, path) in TENANT_ID_ROUTES
    client = _quiet(client_for(cast.alpha if on_alpha else None, cast.alice))
    url = re.sub(r"\{[^}]+\}", NOT_A_UUID, path)
    response = client.generic(method, url, "{}", content_type="application/json")
    assert _json_error(response, 404)["code"] == "not_found"


def test_options_names_the_endpoint_without_a_serializer(cast: Cast, client_for) -> None:
    client = _quiet(client_for(None, cast.erin))
    response = client.options("/api/v1/notifications/read-all/")
    assert response.status_code == 200 and response.json()["name"]
    for on_alpha, path in (
        (False, "/api/v1/notifications/settings/"),
        (False, "/api/v1/impulses/"),
        (True, "/api/v1/posts/"),
        (True, "/api/v1/search/"),
    ):
        client = _quiet(client_for(cast.alpha if on_alpha else None, cast.bob))
        assert client.options(path).status_code == 200, path


def test_an_oversized_api_body_is_a_json_413(cast: Cast, client_for, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client = _quiet(client_for(None, cast.erin))
    response = client.post(
        "/api/v1/impulses/", {"title": "x" * 20_000}, content_type="application/json"
    )
    assert _json_error(response, 413)["code"] == "too_large"


def test_an_unknown_api_route_is_a_json_404_and_a_page_stays_html(cast: Cast, client_for) -> None:
    assert _json_error(client_for(None).get("/api/v1/nothing-here/"), 404)["code"] == "not_found"
    page = client_for(None).get("/nothing-here/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")

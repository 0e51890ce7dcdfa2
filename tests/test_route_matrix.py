"""ISO-1 and AUTH-1: every route × every kind of visitor, with objects in two organisations.

The matrix is data (pretix's test_permissions style), one module per area in tests/matrix/. A
route that is added without an entry fails ``test_every_route_is_in_the_matrix``; a route that
anonymous visitors may read must be listed in PUBLIC_ROUTES with a reason (deny by default).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tenants.models import Invitation, Organisation
from tests.cast import Cast
from tests.matrix import DELEGATED_PREFIXES, PUBLIC, PUBLIC_ROUTES, TENANT
from tests.matrix.actors import ACTORS


def _names(urlconf: str) -> set[str]:
    found: set[str] = set()

    def walk(patterns: list[Any], prefix: str, namespace: str) -> None:
        for p in patterns:
            route = prefix + str(p.pattern)
            if any(route.startswith(d) for d in DELEGATED_PREFIXES):
                continue
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, route, ns)
            elif isinstance(p, URLPattern):
                if "format" in p.pattern.regex.pattern:  # DRF's .json suffix twins
                    continue
                found.add(namespace + (p.name or route))

    walk(get_resolver(urlconf).url_patterns, "", "")
    return found


@pytest.mark.parametrize(
    ("urlconf", "matrix"), [("config.urls_tenant", TENANT), ("config.urls_public", PUBLIC)]
)
def test_every_route_is_in_the_matrix(urlconf: str, matrix: dict[str, Any]) -> None:
    assert _names(urlconf) == set(matrix)


def test_only_allow_listed_routes_are_open_to_anonymous_visitors() -> None:
    for matrix in (TENANT, PUBLIC):
        for name, (_, expected) in matrix.items():
            if expected["anonymous"] == 200:
                assert name in PUBLIC_ROUTES or name.split(":")[-1] in PUBLIC_ROUTES, name


def _client(client_for: Any, cast: Cast, organisation: Any, actor: str) -> Any:
    return client_for(organisation, None if actor == "anonymous" else getattr(cast, actor))


@pytest.mark.parametrize("actor", ACTORS)
def test_intranet_routes_answer_each_visitor_as_the_matrix_says(
    cast: Cast, client_for: Any, actor: str, route_objects: dict[str, str]
) -> None:
    client = _client(client_for, cast, cast.alpha, actor)
    got = {
        name: client.get(path.format(**route_objects)).status_code
        for name, (path, _) in TENANT.items()
    }
    assert got == {name: expected[actor] for name, (_, expected) in TENANT.items()}


@pytest.mark.parametrize("actor", ACTORS)
def test_public_routes_answer_each_visitor_as_the_matrix_says(
    cast: Cast, client_for: Any, actor: str, route_objects: dict[str, str]
) -> None:
    client = _client(client_for, cast, None, actor)
    paths = {name: path.format(**route_objects) for name, (path, _) in PUBLIC.items()}
    got = {name: client.get(path).status_code for name, path in paths.items()}
    assert got == {name: expected[actor] for name, (_, expected) in PUBLIC.items()}


def test_intranet_paths_do_not_exist_on_the_public_host(cast: Cast, client_for: Any) -> None:
    client = client_for(None, cast.alice)
    for name in ("intranet:members", "intranet:settings", "member-list"):
        assert client.get(TENANT[name][0]).status_code == 404, name


def test_a_member_of_both_sees_each_organisation_only_on_its_own_host(
    cast: Cast, client_for: Any
) -> None:
    alpha = client_for(cast.alpha, cast.dave).get("/api/v1/members/").json()["results"]
    beta = client_for(cast.beta, cast.dave).get("/api/v1/members/").json()["results"]
    assert {m["name"] for m in alpha} == {"Alice", "Bob", "Dave", "Gina"}
    assert {m["name"] for m in beta} == {"Carol", "Dave"}


STATE_CHANGING = [
    (lambda c: c.alpha, "/mitglieder/", {"email": "x@example.org", "role": "member"}),
    (lambda c: c.alpha, "/einstellungen/deaktivieren/", {"confirm": "alpha"}),
    (lambda c: c.alpha, "/api/v1/invitations/", {"email": "x@example.org", "role": "member"}),
    (lambda c: None, "/organisationen/neu/", {"name": "X", "slug": "x-org", "kind": "party"}),
    (lambda c: None, "/api/v1/organisations/", {"name": "X", "slug": "x-org", "kind": "party"}),
]


@pytest.mark.parametrize(("organisation", "path", "data"), STATE_CHANGING)
def test_state_changing_routes_refuse_requests_without_a_csrf_token(
    cast: Cast, organisation, path, data
) -> None:
    from django.test import Client

    from tests.conftest import host_of

    org = organisation(cast)
    client = Client(
        HTTP_HOST=host_of(org) if org else host_of(cast.public), enforce_csrf_checks=True
    )
    client.force_login(cast.alice, backend="allauth.account.auth_backends.AuthenticationBackend")
    before = (Invitation.objects.count(), Organisation.objects.count())
    response = client.post(path, data)
    from tenants.db import connection

    connection.set_schema_to_public()
    assert response.status_code == 403
    assert (Invitation.objects.count(), Organisation.objects.count()) == before
    assert Organisation.objects.get(pk=cast.alpha.pk).is_ready

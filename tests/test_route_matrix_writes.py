"""AUTH-1: the route matrix sends the writes too. Every route × every kind of visitor × the
writing methods, with an empty body: who gets an answer (the door is open: a form error, a
conflict, a success) and who is refused (a redirect to the login, 401, 403, 404, 405).

The expectation is data in each area's module of tests/matrix/ (``TENANT_WRITES`` and
``PUBLIC_WRITES``: {route name: {method: the actors that get an answer}}). A (route, method)
that is not listed must refuse everyone; a refused write must not have touched a single row
(PostgreSQL's per-transaction statistics count every insert, update and delete in every
schema, even those rolled back). Each request runs in a savepoint that is rolled back, so a
delete by an owner does not change what the next route sees.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection as db_connection
from django.db import transaction

from tests.cast import Cast
from tests.isolation import clear_caches
from tests.matrix import PUBLIC, PUBLIC_WRITES, TENANT, TENANT_WRITES
from tests.matrix.actors import ACTORS
from tests.test_route_matrix import _client

REFUSED = {401, 403, 404, 405}
API_METHODS = ("post", "put", "patch", "delete")
PAGE_METHODS = ("post", "delete")  # pages take forms; DELETE stands for every other verb


def methods_for(path: str) -> tuple[str, ...]:
    return API_METHODS if path.startswith("/api/") else PAGE_METHODS


class _Rollback(Exception):
    pass


def _rows_written() -> int:
    with db_connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)"
            " FROM pg_stat_xact_user_tables WHERE relname <> 'django_session'"
        )
        return int(cursor.fetchone()[0])


_sent = [0]


def _send(client: Any, method: str, path: str) -> Any:
    _sent[0] += 1
    if _sent[0] % 40 == 0:  # throttles (anonymous: 120 a minute) start afresh now and then
        clear_caches()
    response = None
    try:
        with transaction.atomic():
            if method == "post":
                response = client.post(path, {})
            else:
                response = getattr(client, method)(path, "{}", content_type="application/json")
            raise _Rollback
    except _Rollback:
        pass
    from tenants.db import connection

    connection.set_schema_to_public()
    return response


def _refused(response: Any) -> bool:
    if response.status_code == 302:
        return "login" in response["Location"] or "/anmelden/" in response["Location"]
    return response.status_code in REFUSED


def _check(
    client: Any, actor: str, matrix: dict[str, Any], writes: dict[str, Any], objects: Any
) -> dict[str, Any]:
    wrong: dict[str, Any] = {}
    for name, (path, _) in matrix.items():
        url = path.format(**objects)
        for method in methods_for(path):
            expected = actor in writes.get(name, {}).get(method, "").split()
            before = _rows_written()
            response = _send(client, method, url)
            status = response.status_code
            if status >= 500:
                wrong[f"{name} {method}"] = status
            elif expected == _refused(response):
                problem = "expected an answer" if expected else "not refused"
                wrong[f"{name} {method}"] = (problem, status)
            elif not expected and _rows_written() != before:
                wrong[f"{name} {method}"] = ("refused but wrote rows", status)
    return wrong


@pytest.mark.parametrize("actor", ACTORS)
def test_intranet_writes_answer_or_refuse_each_visitor_as_the_matrix_says(
    cast: Cast, client_for: Any, actor: str, route_objects: dict[str, str]
) -> None:
    client = _client(client_for, cast, cast.alpha, actor)
    assert _check(client, actor, TENANT, TENANT_WRITES, route_objects) == {}


@pytest.mark.parametrize("actor", ACTORS)
def test_public_writes_answer_or_refuse_each_visitor_as_the_matrix_says(
    cast: Cast, client_for: Any, actor: str, route_objects: dict[str, str]
) -> None:
    client = _client(client_for, cast, None, actor)
    assert _check(client, actor, PUBLIC, PUBLIC_WRITES, route_objects) == {}


def test_every_listed_write_belongs_to_a_route_and_a_method_it_is_sent() -> None:
    for matrix, writes in ((TENANT, TENANT_WRITES), (PUBLIC, PUBLIC_WRITES)):
        for name, methods in writes.items():
            assert name in matrix, name
            assert set(methods) <= set(methods_for(matrix[name][0])), name
            for actors in methods.values():
                assert set(actors.split()) <= set(ACTORS), name

"""Keyset cursors (config/keyset.py): what one list writes, it reads back; anything else is
refused, and the lists answer a refused cursor with their first page, never a 500."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest

from config import keyset
from tests.cast import Cast


def _raw(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def test_typed_values_come_back() -> None:
    when = datetime(2026, 5, 1, 18, 30, tzinfo=UTC)
    cursor = keyset.encode(when, 42)
    assert keyset.decode(cursor, datetime, int) == (when, 42)
    assert keyset.decode(keyset.encode(0.25, 7), float, int) == (0.25, 7)
    assert keyset.decode(keyset.encode(3, 7), float, int) == (3.0, 7)
    assert keyset.decode(keyset.encode("b", 1), str, int) == ("b", 1)
    assert "=" not in cursor and "/" not in cursor and "+" not in cursor


@pytest.mark.parametrize(
    ("cursor", "types"),
    [
        ("", (int,)),
        ("%00", (int,)),
        ("not base64!", (int,)),
        ("A" * 300, (int,)),
        (_raw("[1,2]"), (int,)),  # wrong shape
        (_raw('{"a": 1}'), (int,)),
        (_raw('"1"'), (int,)),
        (_raw('["1"]'), (int,)),  # wrong type
        (_raw("[true]"), (int,)),
        (_raw("[1.5]"), (int,)),
        (_raw(f"[{2**63}]"), (int,)),  # outside bigint: would be a database error
        (_raw("[NaN, 1]"), (float, int)),
        (_raw("[Infinity, 1]"), (float, int)),
        (_raw('["2026-05-01T18:30:00", 1]'), (datetime, int)),  # naive
        (_raw('["gestern", 1]'), (datetime, int)),
        (_raw("[5, 1]"), (datetime, int)),
        (_raw('["a\\u0000", 1]'), (str, int)),
        (_raw("\xff\xfe"), (int,)),
        ("p100", (int,)),
    ],
)
def test_garbage_is_refused(cursor: str, types: tuple[type, ...]) -> None:
    assert keyset.decode(cursor, *types) is None


GARBAGE = [_raw('["x", "y"]'), _raw(f"[{2**70}]"), "////", _raw("[NaN, 1]"), "A" * 500]


@pytest.mark.parametrize("cursor", GARBAGE)
@pytest.mark.parametrize(
    ("on_alpha", "path", "key"),
    [
        (False, "/api/v1/impulses/", "next_cursor"),
        (False, "/api/v1/impulses/?sort=newest", "next_cursor"),
        (False, "/api/v1/impulses/?sort=upcoming", "next_cursor"),
        (False, "/api/v1/impulses/?sort=supported", "next_cursor"),
        (True, "/api/v1/posts/", "next"),
        (True, "/api/v1/events/", "next"),
        (True, "/api/v1/discussions/", "next"),
    ],
)
def test_a_garbage_cursor_in_the_api_is_the_first_page(
    cast: Cast, client_for, cursor: str, on_alpha: bool, path: str, key: str
) -> None:
    client = client_for(cast.alpha if on_alpha else None, cast.bob)
    client.raise_request_exception = False
    joiner = "&" if "?" in path else "?"
    response = client.get(f"{path}{joiner}cursor={cursor}")
    assert response.status_code == 200, response.content[:300]
    assert response.json() == client.get(path).json()


@pytest.mark.parametrize(
    "path",
    ["/feed/?vor=", "/termine/?nach=", "/diskussionen/?vor=", "/benachrichtigungen/?cursor="],
)
@pytest.mark.parametrize("cursor", GARBAGE)
def test_a_garbage_cursor_on_a_page_is_no_error(
    cast: Cast, client_for, path: str, cursor: str
) -> None:
    client = client_for(cast.alpha, cast.bob)
    client.raise_request_exception = False
    assert client.get(path + cursor).status_code == 200

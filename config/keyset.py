"""Keyset cursors: the sort position of a list's last row, as an opaque URL-safe string.

Every paged list (feed, events, discussions, notifications, impulses) encodes its position with
``encode()`` and reads it back with ``decode()``, which names the type of each value. A cursor
only moves the starting point of a query that is filtered for the reader anyway, so it is not
signed; but anything that is not exactly the expected tuple (wrong shape, wrong type, a naive
datetime, an integer outside PostgreSQL's bigint, NaN, overlong input) decodes to None, and the
callers treat None as "no cursor" — bad input never reaches the database.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from datetime import datetime
from typing import Any

Value = datetime | int | float | str
MAX_LENGTH = 200  # far more than any real cursor; refuses junk before decoding it
_BIGINT = 2**63


def encode(*values: Value) -> str:
    raw = json.dumps(
        [v.isoformat() if isinstance(v, datetime) else v for v in values], separators=(",", ":")
    )
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str, *types: type) -> tuple[Any, ...] | None:
    """The values in ``cursor``, one of each of ``types`` (``datetime``, ``int``, ``float``,
    ``str``), or None for anything forged or broken."""
    if not cursor or len(cursor) > MAX_LENGTH:
        return None
    try:
        raw = base64.b64decode(cursor + "=" * (-len(cursor) % 4), altchars=b"-_", validate=True)
        values = json.loads(raw.decode(), parse_constant=_refuse)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    if not isinstance(values, list) or len(values) != len(types):
        return None
    typed = tuple(_typed(value, kind) for value, kind in zip(values, types, strict=True))
    return None if any(v is None for v in typed) else typed


def _refuse(constant: str) -> None:
    raise ValueError(constant)  # NaN and Infinity are not positions


def _typed(value: Any, kind: type) -> Value | None:
    if isinstance(value, bool):
        return None
    if kind is int:
        return value if isinstance(value, int) and -_BIGINT <= value < _BIGINT else None
    if kind is float:
        ok = isinstance(value, int | float) and math.isfinite(value)
        return float(value) if ok else None
    if kind is str:
        return value if isinstance(value, str) and "\x00" not in value else None
    if kind is datetime:
        try:
            moment = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            return None
        return moment if moment is not None and moment.tzinfo is not None else None
    raise TypeError(f"no cursor type {kind!r}")

"""Route matrix entries for the audit log and support access (owners only; docs/security.md
LOG-2, AUTH-8). Platform staff without a grant get 404 like any non-member."""

from __future__ import annotations

from typing import Any

_OWNER_GET = {
    "anonymous": 302,
    "erin": 404,
    "gina": 403,
    "bob": 403,
    "alice": 200,
    "carol": 404,
    "staff": 404,
}
_OWNER_POST = {**_OWNER_GET, "alice": 405}


def objects(cast: Any) -> dict[str, str]:
    return {"grant": "1"}


TENANT = {
    "audit:log": ("/einstellungen/protokoll/", _OWNER_GET),
    "audit:export_csv": ("/einstellungen/protokoll/export.csv", _OWNER_GET),
    "audit:export_json": ("/einstellungen/protokoll/export.json", _OWNER_GET),
    "audit:support": ("/einstellungen/support/", _OWNER_GET),
    "audit:support_revoke": ("/einstellungen/support/{grant}/beenden/", _OWNER_POST),
}

# Writes with an empty body: who gets an answer; everyone else is refused
# (tests/test_route_matrix_writes.py).
TENANT_WRITES = {
    "audit:support": {"post": "alice"},
    "audit:support_revoke": {"post": "alice"},
}

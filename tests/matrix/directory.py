"""Route matrix entries for the member directory: profile, CSV import, admin actions."""

from __future__ import annotations

from typing import Any

_ADMIN_PAGE = {
    "anonymous": 302,
    "erin": 404,
    "gina": 403,
    "bob": 403,
    "alice": 200,
    "carol": 404,
    "staff": 404,
}
_ADMIN_POST = {**_ADMIN_PAGE, "alice": 405}
_ANY_MEMBER = {**_ADMIN_PAGE, "gina": 200, "bob": 200}


def objects(cast: Any) -> dict[str, str]:
    return {"member_id": str(cast.bob.public_id)}


TENANT = {
    "intranet:profile": ("/mitglieder/profil/", _ANY_MEMBER),
    "intranet:search": ("/suche/?q=Bob", _ANY_MEMBER),
    "api-search": ("/api/v1/search/?q=Bob", {
        "anonymous": 403, "erin": 403, "gina": 200, "bob": 200, "alice": 200, "carol": 403,
        "staff": 403,
    }),
    "intranet:member_import": ("/mitglieder/import/", _ADMIN_PAGE),
    "intranet:member_role": ("/mitglieder/{member_id}/rolle/", _ADMIN_POST),
    "intranet:member_deactivate": ("/mitglieder/{member_id}/deaktivieren/", _ADMIN_POST),
    "intranet:member_reactivate": ("/mitglieder/{member_id}/reaktivieren/", _ADMIN_POST),
    "intranet:member_remove": ("/mitglieder/{member_id}/entfernen/", _ADMIN_POST),
}  # fmt: skip

# Writes with an empty body: who gets an answer; everyone else is refused
# (tests/test_route_matrix_writes.py).
TENANT_WRITES = {
    "intranet:profile": {"post": "gina bob alice"},
    "intranet:member_import": {"post": "alice"},
    "intranet:member_role": {"post": "alice"},
    "intranet:member_deactivate": {"post": "alice"},
    "intranet:member_reactivate": {"post": "alice"},
    "intranet:member_remove": {"post": "alice"},
}

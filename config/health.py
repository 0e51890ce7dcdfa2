"""Liveness and readiness probes (no auth, no personal data).

Readiness checks only what this pod itself needs to answer a request: its database
connection (through the pooler). The broker and the cache are shared by every pod: a broker
outage delays background tasks but pages still render, so failing readiness on it would take
every web pod out of the Service at once and turn a degraded site into no site at all.
"""

from __future__ import annotations

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@require_safe
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database_ok()}
    ok = all(checks.values())
    return JsonResponse(
        {"status": "ok" if ok else "unavailable", **checks}, status=200 if ok else 503
    )


def _database_ok(database: BaseDatabaseWrapper | None = None) -> bool:
    try:
        with (database or connection).cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        return False


__all__ = ["healthz", "readyz"]

"""Tasks used only by the tests: they report where they ran and what they could see."""

from __future__ import annotations

import threading

from celery import shared_task

from tenants.db import connection

RESULTS: dict[str, dict[str, object]] = {}
DONE = threading.Condition()


@shared_task(name="tests.record_schema")
def record_schema(marker: str) -> None:
    from intranet.models import Membership

    emails = (
        sorted(Membership.objects.values_list("user__email", flat=True))
        if connection.schema_name != "public"
        else []
    )
    result = {"schema": connection.schema_name, "members": emails}
    _report(marker, result)
    _report(f"{marker}@{connection.schema_name}", result)


@shared_task(name="tests.fail")
def fail(marker: str) -> None:
    _report(marker, {"schema": connection.schema_name, "failed": True})
    raise RuntimeError("this task fails on purpose")


def _report(marker: str, value: dict[str, object]) -> None:
    with DONE:
        RESULTS[marker] = value
        DONE.notify_all()


def wait_for(*markers: str, timeout: float = 20.0) -> dict[str, dict[str, object]]:
    with DONE:
        DONE.wait_for(lambda: all(m in RESULTS for m in markers), timeout=timeout)
        return {m: RESULTS[m] for m in markers if m in RESULTS}

"""ISO-3: every task runs in the schema it was enqueued in — through the real broker and worker."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from celery import chain, group
from celery.contrib.testing.worker import start_worker
from django_tenants.utils import schema_context, tenant_context

from tenants.db import connection
from tests import tasks as probe
from tests.cast import Cast

pytestmark = pytest.mark.worker


@pytest.fixture(scope="module")
def worker(_cast: Cast, django_db_blocker: Any) -> Iterator[None]:
    from config.celery import app

    with (
        django_db_blocker.unblock(),
        start_worker(
            app,
            pool="threads",
            concurrency=2,
            perform_ping_check=False,
            loglevel="WARNING",
            shutdown_timeout=10,
        ),
    ):
        yield


def marker() -> str:
    return uuid.uuid4().hex


ALPHA = ["alice@example.org", "bob@example.org", "dave@example.org", "gina@example.org"]
BETA = ["carol@example.org", "dave@example.org"]


def test_a_task_runs_in_the_schema_it_was_enqueued_in(cast: Cast, worker: None) -> None:
    a, b, p = marker(), marker(), marker()
    with tenant_context(cast.alpha):
        probe.record_schema.delay(a)
    with tenant_context(cast.beta):
        probe.record_schema.delay(b)
    probe.record_schema.delay(p)
    results = probe.wait_for(a, b, p)
    assert results[a] == {"schema": cast.alpha.schema_name, "members": ALPHA}
    assert results[b] == {"schema": cast.beta.schema_name, "members": BETA}
    assert results[p]["schema"] == "public"


def test_chains_and_groups_keep_each_task_in_its_schema(cast: Cast, worker: None) -> None:
    a1, a2, b1, b2 = (marker() for _ in range(4))
    with tenant_context(cast.alpha):
        chain(probe.record_schema.si(a1), probe.record_schema.si(a2)).delay()
    with tenant_context(cast.beta):
        group(probe.record_schema.si(b1), probe.record_schema.si(b2)).delay()
    results = probe.wait_for(a1, a2, b1, b2)
    assert {results[a1]["schema"], results[a2]["schema"]} == {cast.alpha.schema_name}
    assert {results[b1]["schema"], results[b2]["schema"]} == {cast.beta.schema_name}


def test_a_task_right_after_a_failing_one_runs_in_its_own_schema(cast: Cast, worker: None) -> None:
    bad, good = marker(), marker()
    with tenant_context(cast.alpha):
        probe.fail.delay(bad)
    probe.wait_for(bad)
    with tenant_context(cast.beta):
        probe.record_schema.delay(good)
    assert probe.wait_for(good)[good] == {"schema": cast.beta.schema_name, "members": BETA}


def test_the_scheduled_fan_out_reaches_each_ready_organisation_in_its_own_schema(
    cast: Cast, worker: None
) -> None:
    from tenants.tasks import fan_out_to_organisations

    m = marker()
    # The beat entry itself runs in public and sends one task per organisation.
    connection.set_schema_to_public()
    sent = fan_out_to_organisations.apply(args=("tests.record_schema", m)).get()
    assert sent == 2
    at_alpha, at_beta = f"{m}@{cast.alpha.schema_name}", f"{m}@{cast.beta.schema_name}"
    results = probe.wait_for(at_alpha, at_beta)
    assert results[at_alpha]["members"] == ALPHA
    assert results[at_beta]["members"] == BETA


def test_a_task_for_an_organisation_that_is_not_ready_is_dropped(
    _cast: Cast, worker: None, django_db_blocker: Any
) -> None:
    from tenants.models import Organisation

    dropped, control = marker(), marker()
    with django_db_blocker.unblock():  # committed, so that the worker sees the state
        with schema_context("public"):
            Organisation.objects.filter(pk=_cast.beta.pk).update(status="deactivated")
        try:
            with tenant_context(_cast.beta):
                probe.record_schema.delay(dropped)
            with tenant_context(_cast.alpha):
                probe.record_schema.delay(control)
            results = probe.wait_for(control, timeout=10)
            results.update(probe.wait_for(dropped, timeout=1))
        finally:
            with schema_context("public"):
                Organisation.objects.filter(pk=_cast.beta.pk).update(status="ready")
    assert dropped not in results
    assert results[control]["schema"] == _cast.alpha.schema_name


def test_every_job_for_the_organisations_is_sent_by_the_one_fan_out(
    cast: Cast, monkeypatch: Any
) -> None:
    """Beat has one way into the schemas: ``fan_out_to_organisations`` sends the job in public
    (when it serves the network too) and once inside each ready organisation."""
    from django.conf import settings

    from config.celery import app
    from tenants.tasks import fan_out_to_organisations

    per_schema = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "tenants.tasks.fan_out_to_organisations"
    ]
    assert {e["args"][0] for e in per_schema} == {  # type: ignore[index]
        "notifications.tasks.send_due_digests",
        "events.tasks.send_event_reminders",
        "decisions.tasks.close_due_proposals",
        "taskboard.tasks.send_overdue_task_reminders",
    }
    sent: list[tuple[str, str]] = []
    monkeypatch.setattr(
        app, "send_task", lambda name, args=(): sent.append((name, connection.schema_name))
    )
    connection.set_schema_to_public()
    assert fan_out_to_organisations.apply(args=("x.job",), kwargs={"and_public": True}).get() == 2
    assert sorted(sent) == sorted(
        [("x.job", "public"), ("x.job", cast.alpha.schema_name), ("x.job", cast.beta.schema_name)]
    )
    sent.clear()
    fan_out_to_organisations.apply(args=("x.job",)).get()
    assert ("x.job", "public") not in sent and len(sent) == 2

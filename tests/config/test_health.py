from __future__ import annotations

import json
import logging

import pytest

from tests.cast import Cast


def test_healthz_answers_on_every_host(cast: Cast, client_for) -> None:
    for organisation in (None, cast.alpha):
        response = client_for(organisation).get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}


def test_readyz_checks_the_database_only(cast: Cast, client_for) -> None:
    response = client_for().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True}


def test_readyz_stays_ready_when_the_broker_is_unreachable(cast: Cast, client_for) -> None:
    # The broker is shared by every pod: its outage delays tasks, but pages still render, so it
    # must not take every web pod out of the Service.
    from config.celery import app

    old = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client_for().get("/readyz")
    finally:
        app.conf.broker_url = old
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True}


def test_readyz_reports_an_unreachable_database(cast: Cast, client_for, monkeypatch) -> None:
    from django.db import connection
    from django.db.utils import load_backend

    from config import health

    # A real connection to a port where nothing listens (no mock of the database driver).
    unreachable = load_backend(connection.settings_dict["ENGINE"]).DatabaseWrapper(
        {
            **connection.settings_dict,
            "HOST": "127.0.0.1",
            "PORT": 1,
            "OPTIONS": {"connect_timeout": 2},
        },
        alias="unreachable",
    )
    assert health._database_ok(unreachable) is False
    # The probe's own connection points there; routing still uses the working one.
    monkeypatch.setattr(health, "connection", unreachable)
    response = client_for().get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": False}


def test_every_response_carries_a_request_id(cast: Cast, client_for) -> None:
    response = client_for().get("/", HTTP_X_REQUEST_ID="abcdef123456")
    assert response["X-Request-ID"] == "abcdef123456"
    generated = client_for().get("/", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"]
    assert generated != "<script>" and len(generated) == 32


def test_request_logs_are_json_with_ids_and_no_personal_data(
    cast: Cast, client_for, caplog
) -> None:
    from config.logging import JsonFormatter

    with caplog.at_level(logging.INFO, logger="wecreate.request"):
        client_for(cast.alpha, cast.alice).get("/")
    records = [r for r in caplog.records if r.name == "wecreate.request"]
    assert records
    line = JsonFormatter().format(records[-1])
    payload = json.loads(line)
    assert payload["user_id"] == cast.alice.pk
    assert payload["organisation_id"] == cast.alpha.pk
    assert payload["status"] == 200 and payload["request_id"]
    assert "alice" not in line.lower()


def test_sentry_events_carry_ids_but_no_personal_data() -> None:
    from config.observability import scrub_event

    event = {
        "user": {"id": "7", "email": "alice@example.org", "username": "alice"},
        "request": {
            "data": {"password": "x"},
            "cookies": {"sessionid": "s"},
            "headers": {"Cookie": "c", "Accept": "*/*"},
        },
    }
    scrubbed = scrub_event(event, {})
    assert scrubbed["user"] == {"id": "7"}
    assert "data" not in scrubbed["request"] and "cookies" not in scrubbed["request"]
    assert scrubbed["request"]["headers"] == {"Accept": "*/*"}


@pytest.mark.django_db
def test_the_api_schema_validates(client_for) -> None:
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    for urlconf in ("config.urls_public", "config.urls_tenant"):
        schema = SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)
        validate_schema(schema)
        assert schema["paths"]

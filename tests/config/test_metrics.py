"""/metrics (config/metrics.py): only with the token, route patterns instead of paths, no
names, the task queue and organisations per plan."""

from __future__ import annotations

import time
from typing import Any

import pytest

from config import metrics
from tests.cast import Cast
from tests.public_marketplace.factories import make_impulse

TOKEN = "scrape-token-for-tests"


@pytest.fixture
def scrape(settings: Any, client_for: Any) -> Any:
    settings.METRICS_TOKEN = TOKEN

    def read() -> str:
        response = client_for().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        return response.content.decode()

    return read


def test_without_a_configured_token_there_is_no_endpoint(db: None, client_for: Any) -> None:
    assert client_for().get("/metrics").status_code == 404


def test_a_wrong_or_missing_token_is_refused(db: None, settings: Any, client_for: Any) -> None:
    settings.METRICS_TOKEN = TOKEN
    assert client_for().get("/metrics").status_code == 404
    assert client_for().get("/metrics", HTTP_AUTHORIZATION="Bearer guess").status_code == 404


def test_requests_are_counted_by_route_pattern_never_by_path_or_person(
    cast: Cast, client_for: Any, scrape: Any
) -> None:
    impulse = make_impulse(cast.erin, title="Zählbare Idee")
    client_for(user=cast.erin).get(f"/impulse/{impulse.public_id}/")
    client_for(cast.alpha, cast.alice).get("/feed/")
    text = scrape()
    assert (
        'wecreate_http_requests_total{method="GET",route="impulse/<uuid:public_id>/",'
        'scope="network",status="2xx"}'
    ) in text
    assert 'route="feed/",scope="intranet"' in text
    assert "wecreate_http_request_duration_seconds_bucket" in text
    for private in (str(impulse.public_id), cast.erin.email, "alpha", "Zählbare"):
        assert private not in text


def test_organisations_per_plan_and_the_queue(cast: Cast, scrape: Any) -> None:
    text = scrape()
    assert "wecreate_organisations{" in text and 'plan="' in text
    assert "wecreate_task_queue_depth" in text  # the real broker answers
    metrics.queue_canary(time.time() - 2.5)  # as a worker would run it
    text = scrape()
    waited = next(
        line for line in text.splitlines() if line.startswith("wecreate_task_queue_wait_seconds ")
    )
    assert float(waited.split()[1]) >= 2.5
    assert "wecreate_task_queue_canary_age_seconds" in text


def test_beat_sends_the_canary_every_minute(settings: Any) -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["queue-canary"]
    assert entry == {"task": "config.metrics.send_queue_canary", "schedule": 60.0}

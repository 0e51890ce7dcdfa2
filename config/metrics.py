"""Prometheus metrics at ``/metrics``: requests and their latency, the task queue's depth and
age, and organisations per plan. Never a name, a path with ids or an e-mail address: requests
are labelled by their route pattern (``impulse/<uuid:public_id>/``), the scope (network or
intranet) and the status class, organisations by plan and subscription status only.

- Several gunicorn workers: set ``PROMETHEUS_MULTIPROC_DIR`` (an emptyDir in Kubernetes) and
  every worker writes its samples there; ``/metrics`` merges them (prometheus_client's
  multiprocess mode).
- Access: only with ``Authorization: Bearer <METRICS_TOKEN>``; without a configured token, or
  with a wrong one, the endpoint does not exist (404), so it is never open by accident.
- Queue age: Celery messages carry no enqueue time a broker can be asked for, so beat sends a
  canary task every minute (``config.metrics.queue_canary``) that records how long it waited;
  "seconds since the last canary ran" then also shows a worker that stopped.
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Callable, Iterator
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

REQUESTS = Counter(
    "wecreate_http_requests",
    "Requests answered, by route pattern, scope and status class.",
    ["method", "route", "scope", "status"],
)
LATENCY = Histogram(
    "wecreate_http_request_duration_seconds",
    "Time to answer a request, by route pattern and scope.",
    ["route", "scope"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)

_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
_CANARY_KEY = "metrics:queue-canary"  # {"waited": seconds, "at": unix time}
_BUSINESS_SECONDS = 60  # gauges from the database: one query a minute at most


def observe(request: HttpRequest, status: int, seconds: float) -> None:
    """Count one answered request (called by the request log middleware)."""
    route = getattr(getattr(request, "resolver_match", None), "route", None) or "unrouted"
    tenant = getattr(request, "tenant", None)
    scope = "network" if tenant is None or getattr(tenant, "is_public", True) else "intranet"
    method = request.method if request.method in _METHODS else "OTHER"
    REQUESTS.labels(method=method, route=route, scope=scope, status=f"{status // 100}xx").inc()
    LATENCY.labels(route=route, scope=scope).observe(seconds)


def _queue_depth() -> int | None:
    """Messages waiting in the default queue (passive declare: works on Redis and RabbitMQ)."""
    from config.celery import app

    try:
        with app.connection_for_read() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            try:
                _name, count, _consumers = conn.default_channel.queue_declare(
                    queue=settings.CELERY_TASK_DEFAULT_QUEUE, passive=True
                )
            except Exception:  # the broker answers, but no task was ever queued: none waits
                return 0
            return int(count)
    except Exception:  # no broker: the gauge is absent, the scrape still works
        return None


# Gauges other apps add at scrape time (config sits below them): name -> (help, labels, rows).
Rows = Callable[[], list[tuple[Any, ...]]]
_GAUGES: dict[str, tuple[str, tuple[str, ...], Rows]] = {}


def register_gauge(
    name: str,
    documentation: str,
    labels: tuple[str, ...],
    rows: Callable[[], list[tuple[Any, ...]]],
) -> None:
    """Add a gauge read at scrape time: ``rows()`` gives (label values..., value) tuples and
    should be cheap (cache it): Prometheus scrapes every few seconds."""
    _GAUGES[name] = (documentation, labels, rows)


def cached_rows(key: str, compute: Callable[[], list[tuple[Any, ...]]]) -> list[tuple[Any, ...]]:
    rows = cache.get(key)
    if rows is None:
        rows = compute()
        cache.set(key, rows, _BUSINESS_SECONDS)
    return list(rows)


class ServiceCollector(Collector):
    """What is read at scrape time: the queue and the gauges other apps registered."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        depth = _queue_depth()
        if depth is not None:
            yield GaugeMetricFamily(
                "wecreate_task_queue_depth", "Tasks waiting in the default queue.", value=depth
            )
        canary = cache.get(_CANARY_KEY)
        if canary:
            yield GaugeMetricFamily(
                "wecreate_task_queue_wait_seconds",
                "How long the last canary task waited in the queue.",
                value=canary["waited"],
            )
            yield GaugeMetricFamily(
                "wecreate_task_queue_canary_age_seconds",
                "Seconds since a worker last ran the canary task (grows when workers stop).",
                value=max(0.0, time.time() - canary["at"]),
            )
        for name, (documentation, labels, rows) in _GAUGES.items():
            gauge = GaugeMetricFamily(name, documentation, labels=list(labels))
            for *values, count in rows():
                gauge.add_metric([str(v) for v in values], count)
            yield gauge


@shared_task(name="config.metrics.queue_canary", ignore_result=True)
def queue_canary(sent_at: float) -> None:
    now = time.time()
    cache.set(_CANARY_KEY, {"waited": max(0.0, now - sent_at), "at": now}, 3600)


@shared_task(name="config.metrics.send_queue_canary", ignore_result=True)
def send_queue_canary() -> None:
    """Beat runs this every minute; it only enqueues the canary with the time it was sent."""
    queue_canary.delay(time.time())


def _registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)  # every gunicorn worker's samples, merged
    else:
        registry.register(REQUESTS)
        registry.register(LATENCY)
    registry.register(ServiceCollector())
    return registry


@require_safe
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    token = getattr(settings, "METRICS_TOKEN", "")
    if not token:
        raise Http404
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise Http404  # a wrong token learns nothing, not even that the endpoint exists
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)

"""Route matrix entries for /metrics: without METRICS_TOKEN (as in tests) it does not exist;
with it, only the bearer of the token reads it (tests/config/test_metrics.py)."""

from __future__ import annotations

from tests.matrix.actors import ACTORS

TENANT = {"metrics": ("/metrics", dict.fromkeys(ACTORS, 404))}
PUBLIC = {"metrics": ("/metrics", dict.fromkeys(ACTORS, 404))}

"""The benchmarks' one gunicorn runner and access-log parser (bench/server.py)."""

from __future__ import annotations

import time
from pathlib import Path

from bench.server import Gunicorn, free_port, get, server_times, summary


def test_only_successful_requests_count_in_server_times() -> None:
    lines = ["200 1500 /feed/", "404 90 /nope/", "200 x /odd/", "", "200 250 /healthz", "garbage"]
    assert server_times(lines) == [1.5, 0.25]
    assert summary([])["count"] == 0


def test_gunicorn_serves_and_logs_server_times(tmp_path: Path) -> None:
    port = free_port()
    server = Gunicorn("tests.bench.hello_wsgi:app", port, 1, log_dir=tmp_path)
    try:
        server.wait_ready("localhost")
        time.sleep(0.5)  # the readiness probe's own log line
        offset = server.log_offset()
        for _ in range(3):
            assert get(port, "localhost")[0] == 200
        server.stop()  # flushes the access log
        assert server.server_ms(offset)["count"] == 3
    finally:
        server.stop()
    assert server.process.poll() is not None

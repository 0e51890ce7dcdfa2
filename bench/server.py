"""The benchmarks' gunicorn: started on 127.0.0.1 with the benchmark's environment, stopped by
its own process group, and its access log read back as per-request server times.

Shared by bench/requests.py, bench/network.py and bench/intranet.py. Importing this module
changes no environment (bench/network.py and bench/intranet.py point it at their own
databases when imported, so they cannot import each other).
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import common

LOOPBACK = "127.0.0.1"
# Status, time a worker spent on the request (microseconds), path.
ACCESS_LOG_FORMAT = "%(s)s %(D)s %(U)s"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def get(port: int, host: str, path: str = "/healthz") -> tuple[int, dict[str, str]]:
    conn = http.client.HTTPConnection(LOOPBACK, port, timeout=5)
    try:
        conn.request("GET", path, headers={"Host": host})
        response = conn.getresponse()
        response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}
    finally:
        conn.close()


def server_times(lines: list[str]) -> list[float]:
    """Milliseconds per request in ``ACCESS_LOG_FORMAT`` lines (status 200 only)."""
    times = []
    for line in lines:
        parts = line.split()
        if len(parts) >= 2 and parts[0] == "200" and parts[1].isdigit():
            times.append(int(parts[1]) / 1000)
    return times


def summary(times: list[float]) -> dict[str, float]:
    return {
        "count": len(times),
        "p50": common.rounded_percentile(times, 0.50),
        "p95": common.rounded_percentile(times, 0.95),
        "p99": common.rounded_percentile(times, 0.99),
        "mean": round(statistics.fmean(times), 2) if times else 0.0,
    }


class Gunicorn:
    """``app``: gunicorn's entry point (``config.wsgi``, ``bench.network:wsgi()``).
    ``log_dir``: keep an access log there (for ``server_ms``); without it, errors only."""

    def __init__(
        self,
        app: str,
        port: int,
        workers: int,
        *,
        log_dir: Path,
        access_log: bool = True,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.port = port
        self.access_log = log_dir / "access.log"
        self.error_log = log_dir / "error.log"
        command = [sys.executable, "-m", "gunicorn", app]
        command += ["-w", str(workers), "-k", "sync", "-b", f"{LOOPBACK}:{port}"]
        if access_log:
            command += ["--access-logfile", str(self.access_log)]
            command += ["--access-logformat", ACCESS_LOG_FORMAT]
        command += ["--error-logfile", str(self.error_log), "--log-level", "warning"]
        self.process = subprocess.Popen(
            command,
            cwd=common.BASE_DIR,
            env={**os.environ, **(extra_env or {})},
            start_new_session=True,
        )

    def wait_ready(self, host: str, path: str = "/healthz", timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.error_log}")
            try:
                if get(self.port, host, path)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s; see {self.error_log}")

    def log_offset(self) -> int:
        return self.access_log.stat().st_size if self.access_log.exists() else 0

    def server_ms(self, offset: int) -> dict[str, float]:
        """Server times of the requests logged since ``offset``: count, p50, p95, p99, mean."""
        with self.access_log.open("rb") as handle:
            handle.seek(offset)
            lines = handle.read().decode(errors="replace").splitlines()
        return summary(server_times(lines))

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

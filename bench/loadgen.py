"""A small HTTP/1.1 load generator for loopback only (standard library, asyncio).

N concurrent clients send ``GET <path>`` with the given Host header to 127.0.0.1:<port>, each
on a fresh connection (gunicorn's sync workers close the connection after every response),
until the time is up or the request budget is spent. Prints one JSON object.

    python -m bench.loadgen --port 8123 --host localhost --clients 20 --seconds 10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import time
from collections import Counter
from typing import Any

LOOPBACK = "127.0.0.1"  # the only address this tool ever connects to
MAX_REQUESTS = 2_000_000
MAX_SECONDS = 120.0


class Stats:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.statuses: Counter[int] = Counter()
        self.errors = 0

    @property
    def count(self) -> int:
        return len(self.latencies) + self.errors


async def client(request: bytes, port: int, deadline: float, budget: int, stats: Stats) -> None:
    while time.perf_counter() < deadline and stats.count < budget:
        started = time.perf_counter()
        try:
            reader, writer = await asyncio.open_connection(LOOPBACK, port)
            writer.write(request)
            data = await reader.read()  # until the server closes
            writer.close()
        except OSError:
            stats.errors += 1
            await asyncio.sleep(0.01)
            continue
        status = int(data[9:12]) if data.startswith(b"HTTP/1.") and len(data) >= 12 else 0
        stats.latencies.append(time.perf_counter() - started)
        stats.statuses[status] += 1


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def run(host: str, port: int, path: str, clients: int, seconds: float, budget: int) -> Any:
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: wecreate-bench\r\n"
        "Accept: */*\r\nConnection: close\r\n\r\n"
    ).encode()
    stats = Stats()
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(*(client(request, port, deadline, budget, stats) for _ in range(clients)))
    elapsed = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    ok = stats.statuses.get(200, 0)
    return {
        "client": "python-asyncio",
        "host": host,
        "path": path,
        "clients": clients,
        "seconds": elapsed,
        "requests": len(stats.latencies),
        "ok": ok,
        "statuses": {str(k): v for k, v in sorted(stats.statuses.items())},
        "errors": stats.errors,
        "requests_per_second": ok / elapsed if elapsed else 0.0,
        "latency_ms": {
            "p50": percentile(stats.latencies, 0.50) * 1000,
            "p90": percentile(stats.latencies, 0.90) * 1000,
            "p99": percentile(stats.latencies, 0.99) * 1000,
        },
        "client_cpu_share": cpu / elapsed if elapsed else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="localhost", help="Host header")
    parser.add_argument("--path", default="/healthz")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--max-requests", type=int, default=MAX_REQUESTS)
    args = parser.parse_args(argv)
    seconds = min(args.seconds, MAX_SECONDS)
    budget = min(args.max_requests, MAX_REQUESTS)
    result = asyncio.run(run(args.host, args.port, args.path, args.clients, seconds, budget))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

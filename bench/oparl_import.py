"""The OParl import at 10,000 papers: time and memory, and that memory does not grow with pages.

A real local OParl server (tests/oparl/server.py, its own process on 127.0.0.1) serves one body
with 20 organizations, 50 people, 100 meetings (2 agenda items each) and N papers in pages of
100; each paper has an embedded file, originators and a consultation, about 1 KB of JSON. The
import (oparl/importer.py) runs in this process against the database ``wecreate_bench_oparl``
(dropped and recreated at the start; never the development or test database).

For each size (default 1,000 and 10,000 papers) on empty tables:

- a timed first import (wall time, pages per second);
- the same import again with tracemalloc on: its peak, and the traced memory after every paper
  page (sampled when the page's transaction has committed, through ``papers_changed``);

then on the 10,000 papers: a full re-import (no ``modified_since``: every page read and compared,
nothing written) and the incremental run (``modified_since``: nothing changed). Results:
bench/results/oparl_import.json.

    python -m bench.oparl_import                    # 1,000 and 10,000 papers
    python -m bench.oparl_import --sizes 1000 10000 30000
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

if "BENCH_DATABASE_URL" not in os.environ and os.environ.get("DATABASE_URL"):
    # A database of its own: other benchmarks drop and recreate ``wecreate_bench``.
    _parts = urlsplit(os.environ["DATABASE_URL"])
    os.environ["BENCH_DATABASE_URL"] = urlunsplit(_parts._replace(path="/wecreate_bench_oparl"))

from bench import common  # noqa: E402  (sets the environment before Django)

PAGE_SIZE = 100


def _council(server: Any, papers: int) -> None:
    server.page_size(PAGE_SIZE)
    server.council(
        organizations=[server.organization(n, f"Gremium {n}") for n in range(1, 21)],
        people=[server.person(n, f"Person {n}") for n in range(1, 51)],
        meetings=[server.meeting(n, organization=1 + n % 20) for n in range(1, 101)],
        papers=[
            server.paper(
                n,
                originatorPerson=[server.url(f"person/{1 + n % 50}")],
                originatorOrganization=[server.url(f"organization/{1 + n % 20}")],
                underDirectionOf=[server.url("organization/1")],
                consultation=[
                    {
                        "id": server.url(f"consultation/{n}"),
                        "type": "https://schema.oparl.org/1.1/Consultation",
                        "paper": server.url(f"paper/{n}"),
                        "agendaItem": server.url(f"agendaitem/{1 + n % 100}-2"),
                        "organization": [server.url(f"organization/{1 + n % 20}")],
                        "role": "Entscheidung",
                    }
                ],
            )
            for n in range(1, papers + 1)
        ],
    )


def _empty_tables() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE oparl_paper_organizations, oparl_meeting_organizations, oparl_agendaitem,"
            " oparl_paper, oparl_meeting, oparl_person, oparl_organization, oparl_oparlsource"
        )


def _run(system_url: str, *, traced: bool) -> dict[str, Any]:
    from oparl import importer
    from oparl.models import OParlSource
    from oparl.signals import papers_changed

    samples: list[int] = []

    def sample(**kwargs: Any) -> None:
        samples.append(tracemalloc.get_traced_memory()[0])

    if traced:
        tracemalloc.start()
        papers_changed.connect(sample, dispatch_uid="bench-sample")
    started = time.perf_counter()
    try:
        source = OParlSource.objects.filter(system_url=system_url).first()
        if source is None:
            _, result = importer.import_url(system_url)
        else:
            result = importer.import_source(source)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] if traced else None
    finally:
        if traced:
            papers_changed.disconnect(dispatch_uid="bench-sample")
            tracemalloc.stop()
    row: dict[str, Any] = {"seconds": round(seconds, 2), **result.as_dict()}
    row["pages_per_second"] = round(result.pages / seconds, 1)
    if traced:
        row["peak_mib"] = round(peak / 2**20, 2)  # type: ignore[operator]
        row["after_page_mib"] = {
            str(i + 1): round(samples[i] / 2**20, 2)
            for i in sorted({0, 9, len(samples) // 2 - 1, len(samples) - 1})
            if 0 <= i < len(samples)
        }
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args(argv)
    common.setup_django()
    from tests.oparl.world import OParlServer

    print(f"database {common.database_name(os.environ['DATABASE_URL'])}: recreating", flush=True)
    common.reset_database()
    results: dict[str, Any] = {"page_size": PAGE_SIZE, "sizes": {}}
    with tempfile.TemporaryDirectory(prefix="oparl-bench-") as root:
        server = OParlServer(Path(root))
        try:
            for size in args.sizes:
                _council(server, size)
                _empty_tables()
                timed = _run(server.system_url, traced=False)
                _empty_tables()
                traced = _run(server.system_url, traced=True)
                row = {"first_import": timed, "first_import_traced": traced}
                if size == max(args.sizes):
                    from oparl.models import OParlSource

                    OParlSource.objects.update(last_success_at=None)
                    row["full_reimport"] = _run(server.system_url, traced=False)
                    row["incremental"] = _run(server.system_url, traced=False)
                results["sizes"][str(size)] = row
                print(f"{size} papers: {row}", flush=True)
        finally:
            server.stop()
    results["max_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    results["revision"] = common.git_revision()
    common.print_table(
        ["papers", "pages", "first import s", "pages/s", "peak MiB (traced)", "after pages"],
        [
            (
                size,
                row["first_import"]["pages"],
                row["first_import"]["seconds"],
                row["first_import"]["pages_per_second"],
                row["first_import_traced"]["peak_mib"],
                row["first_import_traced"]["after_page_mib"],
            )
            for size, row in results["sizes"].items()
        ],
    )
    common.write_json("oparl_import", results)
    return 0


if __name__ == "__main__":
    sys.exit(main())

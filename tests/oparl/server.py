"""A small OParl server for the tests and the benchmark: ``python tests/oparl/server.py ROOT PORT``.

It serves what the test wrote under ROOT, read again on every request:

- ``<path>.json``: the object at ``<path>`` (System, Body …), as it is;
- ``<path>.list.json``: a JSON array of objects, served as an OParl list at ``<path>``: pages
  of ``page_size`` (``?page=N``), ``modified_since`` filtering (and deleted objects only then,
  as OParl 1.1 asks), ``pagination`` and ``links`` with absolute URLs that keep the query;
- ``_faults.json``: ``{"<path>?<query>": {"status": 500, "times": 2}}`` answers that request
  with the status (``times`` counts down; without it, always), or ``{"raw": "..."}`` with
  that text as the body (bad JSON), or ``{"redirect": "<url>"}`` with a 302 there;
- ``_settings.json``: ``{"page_size": N}``.

Every request's path and query is appended to ``ROOT/_requests.log``.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

ROOT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(".")
_lists: dict[Path, tuple[float, list[Any]]] = {}


def _read_json(path: Path, default: Any) -> Any:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return default


def _objects(path: Path) -> list[Any]:
    # Parsed once per version of the file: the benchmark's list holds 10,000 papers.
    mtime = path.stat().st_mtime
    cached = _lists.get(path)
    if cached is None or cached[0] != mtime:
        cached = (mtime, json.loads(path.read_text()))
        _lists[path] = cached
    return cached[1]


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, body: bytes, kind: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        with (ROOT / "_requests.log").open("a") as log:
            log.write(self.path + "\n")
        if self._fault(self.path):
            return
        name = parts.path.strip("/")
        if not name or ".." in name:
            self._send(404, b'{"error": "not found"}')
            return
        plain, listed = ROOT / f"{name}.json", ROOT / f"{name}.list.json"
        if listed.exists():
            self._send(200, json.dumps(self._page(parts.path, parts.query, listed)).encode())
        elif plain.exists():
            kind = "text/html" if plain.read_bytes().lstrip().startswith(b"<") else None
            self._send(200, plain.read_bytes(), kind or "application/json")
        else:
            self._send(404, b'{"error": "not found"}')

    def _fault(self, key: str) -> bool:
        faults_file = ROOT / "_faults.json"
        faults = _read_json(faults_file, {})
        fault = faults.get(key)
        if not fault:
            return False
        if "times" in fault:
            if fault["times"] <= 0:
                return False
            fault["times"] -= 1
            faults_file.write_text(json.dumps(faults))
        if "redirect" in fault:
            self.send_response(302)
            self.send_header("Location", fault["redirect"])
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif "raw" in fault:
            self._send(200, fault["raw"].encode())
        else:
            self._send(int(fault.get("status", 500)), b'{"error": "injected"}')
        return True

    def _page(self, path: str, query_text: str, listed: Path) -> dict[str, Any]:
        query = dict(parse_qsl(query_text))
        size = int(_read_json(ROOT / "_settings.json", {}).get("page_size", 3))
        objects = _objects(listed)
        since = query.get("modified_since")
        if since:
            limit = datetime.fromisoformat(since)
            objects = [o for o in objects if datetime.fromisoformat(o["modified"]) >= limit]
        else:
            objects = [o for o in objects if not o.get("deleted")]
        pages = max(1, -(-len(objects) // size))
        number = int(query.get("page", "1"))
        base = f"http://{self.headers['Host']}{path}"

        def link(page: int) -> str:
            return base + "?" + urlencode({**query, "page": str(page)})

        links = {"first": link(1), "last": link(pages)}
        if number > 1:
            links["prev"] = link(number - 1)
        if number < pages:
            links["next"] = link(number + 1)
        return {
            "data": objects[(number - 1) * size : number * size],
            "pagination": {
                "totalElements": len(objects),
                "elementsPerPage": size,
                "currentPage": number,
                "totalPages": pages,
            },
            "links": links,
        }


if __name__ == "__main__":
    port = int(sys.argv[2])
    HTTPServer(("127.0.0.1", port), Handler).serve_forever()

"""A council's OParl data written as files for tests/oparl/server.py, and the server process
(started on a free port, stopped by its own pid). Shared by the tests and bench/oparl_import.py."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SERVER = Path(__file__).with_name("server.py")
SCHEMA = "https://schema.oparl.org/1.1/"
OLD = "2024-01-10T10:00:00+01:00"


def now() -> str:
    return datetime.now(UTC).isoformat()


class OParlServer:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, str(SERVER), str(root), str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.process.kill()
                    raise RuntimeError("the OParl test server did not start") from None
                time.sleep(0.05)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    # --- files ---------------------------------------------------------------------------

    def url(self, path: str) -> str:
        return f"{self.base}/oparl/{path}"

    def write(self, path: str, obj: Any) -> None:
        target = self.root / "oparl" / f"{path}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(obj if isinstance(obj, str) else json.dumps(obj))

    def write_list(self, path: str, objects: list[dict[str, Any]]) -> None:
        target = self.root / "oparl" / f"{path}.list.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        # A new mtime even within the same clock tick: the server caches by it.
        previous = target.stat().st_mtime_ns if target.exists() else 0
        target.write_text(json.dumps(objects))
        if target.stat().st_mtime_ns <= previous:
            import os

            os.utime(target, ns=(previous + 1000, previous + 1000))

    def page_size(self, size: int) -> None:
        (self.root / "_settings.json").write_text(json.dumps({"page_size": size}))

    def fault(self, path_and_query: str, **spec: Any) -> None:
        faults_file = self.root / "_faults.json"
        faults = json.loads(faults_file.read_text()) if faults_file.exists() else {}
        faults[f"/oparl/{path_and_query}"] = spec
        faults_file.write_text(json.dumps(faults))

    def clear_faults(self) -> None:
        (self.root / "_faults.json").unlink(missing_ok=True)

    def requests(self) -> list[str]:
        log = self.root / "_requests.log"
        return log.read_text().splitlines() if log.exists() else []

    def forget_requests(self) -> None:
        (self.root / "_requests.log").unlink(missing_ok=True)

    # --- a council -----------------------------------------------------------------------

    @property
    def system_url(self) -> str:
        return self.url("system")

    def council(
        self,
        *,
        organizations: list[dict[str, Any]],
        papers: list[dict[str, Any]],
        meetings: list[dict[str, Any]] | None = None,
        people: list[dict[str, Any]] | None = None,
    ) -> None:
        """System, one body and its four lists."""
        body = {
            "id": self.url("body/1"),
            "type": SCHEMA + "Body",
            "name": "Stadt Teststadt",
            "organization": self.url("body/1/organization"),
            "person": self.url("body/1/person"),
            "meeting": self.url("body/1/meeting"),
            "paper": self.url("body/1/paper"),
            "modified": OLD,
        }
        self.write(
            "system",
            {
                "id": self.system_url,
                "type": SCHEMA + "System",
                "oparlVersion": "https://schema.oparl.org/1.1/",
                "name": "Ratsinformation Teststadt",
                "body": self.url("bodies"),
            },
        )
        self.write_list("bodies", [body])
        self.write_list("body/1/organization", organizations)
        self.write_list("body/1/person", people or [])
        self.write_list("body/1/meeting", meetings or [])
        self.write_list("body/1/paper", papers)

    def organization(self, n: int, name: str, **extra: Any) -> dict[str, Any]:
        return {
            "id": self.url(f"organization/{n}"),
            "type": SCHEMA + "Organization",
            "body": self.url("body/1"),
            "name": name,
            "shortName": name[:10],
            "classification": "Gremium",
            "modified": OLD,
            **extra,
        }

    def person(self, n: int, name: str) -> dict[str, Any]:
        return {"id": self.url(f"person/{n}"), "type": SCHEMA + "Person", "name": name,
                "modified": OLD}  # fmt: skip

    def paper(self, n: int, **extra: Any) -> dict[str, Any]:
        return {
            "id": self.url(f"paper/{n}"),
            "type": SCHEMA + "Paper",
            "body": self.url("body/1"),
            "name": f"Antrag Nummer {n} zur Verbesserung der Radwege",
            "reference": f"VII-A-{n:05d}",
            "paperType": "Antrag",
            "date": f"2024-01-{1 + n % 28:02d}",
            "mainFile": {
                "id": self.url(f"file/{n}"),
                "type": SCHEMA + "File",
                "accessUrl": self.url(f"file/{n}/download"),
            },
            "modified": OLD,
            **extra,
        }

    def meeting(self, n: int, organization: int, **extra: Any) -> dict[str, Any]:
        return {
            "id": self.url(f"meeting/{n}"),
            "type": SCHEMA + "Meeting",
            "name": f"Sitzung {n}",
            "start": "2099-03-01T17:00:00+01:00",
            "end": "2099-03-01T19:00:00+01:00",
            "location": {
                "id": self.url(f"location/{n}"),
                "type": SCHEMA + "Location",
                "description": "Neues Rathaus",
                "room": "Raum 260",
            },
            "organization": [self.url(f"organization/{organization}")],
            "agendaItem": [
                {
                    "id": self.url(f"agendaitem/{n}-1"),
                    "type": SCHEMA + "AgendaItem",
                    "number": "1",
                    "order": 1,
                    "name": "Eröffnung",
                    "public": True,
                    "modified": OLD,
                },
                {
                    "id": self.url(f"agendaitem/{n}-2"),
                    "type": SCHEMA + "AgendaItem",
                    "number": "2",
                    "order": 2,
                    "name": "Radwege",
                    "public": True,
                    "consultation": self.url(f"consultation/{n}-2"),
                    "result": "beschlossen",
                    "modified": OLD,
                },
            ],
            "modified": OLD,
            **extra,
        }

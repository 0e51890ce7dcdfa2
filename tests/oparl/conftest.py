from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.oparl.world import OParlServer


@pytest.fixture
def oparl(tmp_path: Path, settings: Any) -> Iterator[OParlServer]:
    """A real OParl server process on a free port, serving what the test writes."""
    settings.OPARL_TRIES = 2
    settings.OPARL_RETRY_SECONDS = 0
    settings.OPARL_TIMEOUT = (2.0, 5.0)
    server = OParlServer(tmp_path / "oparl-server")
    try:
        yield server
    finally:
        server.stop()

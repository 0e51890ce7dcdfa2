from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def documents_root(tmp_path: Path, settings: Any) -> Path:
    """Each test stores its files in a folder of its own, so it can see exactly what was
    written (and nothing lands in the checkout)."""
    root = tmp_path / "documents"
    settings.DOCUMENTS_ROOT = root
    return root

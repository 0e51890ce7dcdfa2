"""What happens to the browser tests when Chromium is missing: a laptop skips them and says
which ones and why; CI (``CI`` set to a true value) fails them, so a broken CI image cannot
pass with the browser tests quietly left out."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
INSTALL_HINT = "apt-get install chromium, or point CHROMIUM_PATH at a Chromium binary"


@dataclass(frozen=True)
class MissingChromium:
    action: Literal["skip", "fail"]
    reason: str


def running_in_ci(environ: Mapping[str, str]) -> bool:
    # CI services set CI=true (GitHub, GitLab) or CI=1; "false"/"0"/"" mean a developer's machine.
    return environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


def missing_chromium(
    test_name: str, chromium: str = CHROMIUM, environ: Mapping[str, str] = os.environ
) -> MissingChromium | None:
    """None when the browser test can run; otherwise whether to skip or fail it, and why.

    The reason names the test: pytest -rs folds skips with the same reason and file into one
    line, and the reader should see which browser tests did not run."""
    if Path(chromium).is_file() and os.access(chromium, os.X_OK):
        return None
    if running_in_ci(environ):
        return MissingChromium(
            "fail",
            f"{test_name}: no Chromium at {chromium}, and CI is set, where browser tests must "
            f"run ({INSTALL_HINT})",
        )
    return MissingChromium(
        "skip", f"{test_name}: browser test skipped, no Chromium at {chromium} ({INSTALL_HINT})"
    )

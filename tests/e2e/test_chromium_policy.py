"""Without Chromium, a laptop skips the browser tests (naming each) and CI fails them. No browser
needed: these run everywhere (no e2e marker)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.chromium import missing_chromium, running_in_ci

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("1", True), ("TRUE", True), ("yes", True), ("", False), ("false", False)],
)
def test_ci_is_recognised_from_its_usual_values(value: str, expected: bool) -> None:
    assert running_in_ci({"CI": value}) is expected


def test_without_ci_set_the_machine_is_not_ci() -> None:
    assert running_in_ci({}) is False


def test_a_present_chromium_runs_the_tests(tmp_path: Path) -> None:
    chromium = tmp_path / "chromium"
    chromium.write_text("#!/bin/sh\n")
    chromium.chmod(0o755)
    assert missing_chromium("test_x", str(chromium), {"CI": "true"}) is None


def test_a_laptop_skips_and_names_the_test() -> None:
    missing = missing_chromium("test_checkout", "/nowhere/chromium", {})
    assert missing is not None and missing.action == "skip"
    assert missing.reason.startswith("test_checkout: browser test skipped")
    assert "/nowhere/chromium" in missing.reason and "apt-get install chromium" in missing.reason


def test_ci_fails_instead_of_skipping(tmp_path: Path) -> None:
    not_executable = tmp_path / "chromium"
    not_executable.write_text("")
    for chromium in ("/nowhere/chromium", str(not_executable)):
        missing = missing_chromium("test_checkout", chromium, {"CI": "true"})
        assert missing is not None and missing.action == "fail"
        assert "test_checkout" in missing.reason and "CI is set" in missing.reason


def _run_browser_tests(ci: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CHROMIUM_PATH": "/nowhere/chromium", "CI": ci}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/e2e/test_billing.py",
            "-rs",
            "-p",
            "no:cacheprovider",
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_pytest_run_without_chromium_skips_on_a_laptop_and_fails_in_ci() -> None:
    laptop = _run_browser_tests(ci="")
    assert laptop.returncode == 0, laptop.stdout
    assert "SKIPPED [1] tests/e2e/test_billing.py" in laptop.stdout
    assert (
        "test_an_admin_upgrades_with_the_test_card_and_a_gated_feature_unlocks: "
        "browser test skipped, no Chromium at /nowhere/chromium"
    ) in laptop.stdout

    ci = _run_browser_tests(ci="true")
    assert ci.returncode == 1, ci.stdout
    assert "CI is set, where browser tests must run" in ci.stdout
    assert "1 error" in ci.stdout.splitlines()[-1], ci.stdout  # failed in setup, not skipped

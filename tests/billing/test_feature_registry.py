"""The catalogue sells only what the code provides: every feature a plan can list is checked by a
``has_feature(organisation, Feature.X)`` call somewhere in the application code."""

from __future__ import annotations

import ast
from pathlib import Path

from billing.catalog import DEFAULT_PLANS
from billing.models import Feature

ROOT = Path(__file__).resolve().parents[2]
SKIP = {"tests", "node_modules", "migrations", "bench", "scripts", "static", "docs"}


def checked_features() -> set[str]:
    """Feature names used as the second argument of a ``has_feature`` call outside tests."""
    found: set[str] = set()
    for path in ROOT.rglob("*.py"):
        parts = set(path.relative_to(ROOT).parts)
        if parts & SKIP or any(p.startswith(".") for p in parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if not (isinstance(node, ast.Call) and len(node.args) == 2):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            arg = node.args[1]
            if (
                name == "has_feature"
                and isinstance(arg, ast.Attribute)
                and isinstance(arg.value, ast.Name)
                and arg.value.id == "Feature"
            ):
                found.add(Feature[arg.attr].value)
    return found


def test_every_feature_a_plan_can_list_has_an_entitlement_check() -> None:
    assert set(Feature.values) <= checked_features()


def test_every_feature_in_the_catalogue_exists_and_is_checked() -> None:
    listed = {feature for plan in DEFAULT_PLANS for feature in plan["features"]}
    assert listed <= set(Feature.values)
    assert listed <= checked_features()


def test_participation_procedures_are_not_sold() -> None:
    assert "participation_procedures" not in Feature.values
    for plan in DEFAULT_PLANS:
        assert "Beteiligungsverfahren" not in plan["description"]

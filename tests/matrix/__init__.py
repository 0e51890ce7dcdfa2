"""Merge every area's route matrix (one module per area, see foundation.py)."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

TENANT: dict[str, Any] = {}
PUBLIC: dict[str, Any] = {}
PUBLIC_ROUTES: dict[str, str] = {}
# {route name: {method: "the actors that get an answer"}} (tests/test_route_matrix_writes.py)
TENANT_WRITES: dict[str, Any] = {}
PUBLIC_WRITES: dict[str, Any] = {}
DELEGATED_PREFIXES: dict[str, str] = {}
# Functions (cast) -> {placeholder: value} that make the objects the paths point at.
OBJECT_FACTORIES: list[Any] = []

for _info in pkgutil.iter_modules(__path__):
    if _info.name == "actors":
        continue
    _module = importlib.import_module(f"{__name__}.{_info.name}")
    for _target, _name in (
        (TENANT, "TENANT"),
        (PUBLIC, "PUBLIC"),
        (PUBLIC_ROUTES, "PUBLIC_ROUTES"),
        (TENANT_WRITES, "TENANT_WRITES"),
        (PUBLIC_WRITES, "PUBLIC_WRITES"),
        (DELEGATED_PREFIXES, "DELEGATED_PREFIXES"),
    ):
        _part = getattr(_module, _name, {})
        _clash = set(_target) & set(_part)
        assert not _clash, f"{_info.name} repeats matrix entries: {_clash}"
        _target.update(_part)
    if hasattr(_module, "objects"):
        OBJECT_FACTORIES.append(_module.objects)

"""Entry points of the worker processes of ``migrate_all_schemas --workers N``.

Kept apart from tenants/migration_state.py because a spawned worker imports this module before
Django is set up: nothing here may import models at module level.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tenants.migration_state import MigrationReport


def start_worker(database_name: str) -> None:
    """A fresh Django with its own connection to the parent's database (under pytest that is
    the test database, not the configured one)."""
    import django

    django.setup()
    from django.db import connections

    connections["default"].settings_dict["NAME"] = database_name


def run(todo: list[str], fingerprint: str, verbosity: int) -> MigrationReport:
    from django.db import connections

    from tenants.migration_state import migrate_claimed_schemas

    try:
        return migrate_claimed_schemas(todo, fingerprint, verbosity=verbosity)
    finally:
        connections.close_all()

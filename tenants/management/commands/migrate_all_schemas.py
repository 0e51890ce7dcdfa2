from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tenants.migration_state import migrate_all_schemas


class Command(BaseCommand):
    help = (
        "Migrate every organisation schema that is not current; skip current ones with a single "
        "query. Resumable: run it again after a stop or a failure. Run `migrate_schemas --shared` "
        "first for the public schema."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="Worker processes, each with its own database connection (default 1).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["workers"] < 1:
            raise CommandError("--workers must be at least 1")
        report = migrate_all_schemas(
            verbosity=max(0, options["verbosity"] - 1), workers=options["workers"]
        )
        self.stdout.write(
            f"{report.skipped} schemas current, {len(report.migrated)} migrated, "
            f"{len(report.failed)} failed"
        )
        if report.failed:
            raise CommandError("failed: " + ", ".join(sorted(report.failed)))

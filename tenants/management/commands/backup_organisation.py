from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants import backups


class Command(BaseCommand):
    help = "Back up one organisation's schema with pg_dump (custom format, plus a .json side-car)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--out", required=True, help="the backup file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organisation = backups.organisation_for(options["slug"])
            backup = backups.backup_organisation(organisation, Path(options["out"]))
        except backups.BackupError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"{backup.schema_name} → {backup.path} (taken at {backup.taken_at.isoformat()})"
        )

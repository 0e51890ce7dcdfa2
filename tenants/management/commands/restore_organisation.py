from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants import backups


class Command(BaseCommand):
    help = (
        "Restore one organisation's schema from a backup_organisation file and erase again "
        "everyone erased since; other organisations are not touched."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--from", dest="source", required=True, help="the backup file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organisation = backups.organisation_for(options["slug"])
            restored = backups.restore_organisation(organisation, Path(options["source"]))
        except backups.BackupError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"{organisation.schema_name} restored from {restored.backup.path} "
            f"(taken at {restored.backup.taken_at.isoformat()}); "
            f"{restored.erased_again} erasure(s) replayed"
        )

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from oparl import importer
from oparl.models import OParlSource


class Command(BaseCommand):
    help = (
        "Import councils' data through OParl: every stored source, or the system at the given "
        "URL (stored as a source on first use). Incremental and resumable."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("system_url", nargs="?", default="", help="an OParl System URL")
        parser.add_argument("--name", default="", help="the source's name (first use only)")

    def handle(self, *args: Any, **options: Any) -> None:
        url = options["system_url"].strip()
        try:
            if url:
                source, result = importer.import_url(url, name=options["name"])
                self._report(source, result)
                return
            sources = list(OParlSource.objects.order_by("pk"))
            if not sources:
                raise CommandError("No OParl source yet: give a system URL.")
            failed = []
            for source in sources:
                try:
                    self._report(source, importer.import_source(source))
                except importer.OParlError as exc:
                    failed.append(source)
                    self.stderr.write(f"{source}: {exc}")
            if failed:
                raise CommandError(f"{len(failed)} of {len(sources)} sources could not start.")
        except importer.OParlError as exc:
            raise CommandError(str(exc)) from exc

    def _report(self, source: OParlSource, result: importer.ImportResult) -> None:
        self.stdout.write(f"{source}: {result}")

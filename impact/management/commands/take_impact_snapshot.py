from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from impact import services


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value!r}") from exc


class Command(BaseCommand):
    help = "Store the impact figures of a day (default today), optionally of the days before it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--day", type=str, default="", help="YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--backfill-days",
            type=int,
            default=0,
            help="also the N days before --day (uses today's visibility of impulses)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day = _day(options["day"]) if options["day"] else timezone.localdate()
        try:
            days = services.backfill(last_day=day, days=options["backfill_days"])
        except services.ImpactError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Impact snapshots stored for {days[0]} to {days[-1]} ({len(days)} days)")

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from billing.services import sync_plans


class Command(BaseCommand):
    help = "Create the default plans that are missing (--overwrite resets edited ones)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--overwrite", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        plans = sync_plans(overwrite=options["overwrite"])
        self.stdout.write(f"{len(plans)} plans: " + ", ".join(p.slug for p in plans))

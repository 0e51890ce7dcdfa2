from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from public_marketplace.services.cities import CityDataError, city_data_path, load_city_file


class Command(BaseCommand):
    help = "Load or update a city with its districts and council bodies from a JSON file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("city", help="'leipzig' (shipped) or a path to a JSON file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            city = load_city_file(path=city_data_path(options["city"]))
        except CityDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{city.name}: {city.districts.filter(level='borough').count()} Stadtbezirke, "
            f"{city.districts.filter(level='locality').count()} Ortsteile, "
            f"{city.bodies.count()} Gremien"
        )

"""Changes to the public network's reference data and (later) marketplace content."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from public_marketplace.models import City, CouncilBody, District, DistrictLevel

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


class CityDataError(ValueError):
    pass


def city_data_path(name_or_path: str) -> Path:
    """``leipzig`` names a data file shipped with the project; anything else is a path."""
    bundled = DATA_DIR / f"{name_or_path}.json"
    return bundled if bundled.exists() else Path(name_or_path)


@transaction.atomic
def load_city(*, data: dict[str, Any]) -> City:
    """Create or update a city with its Stadtbezirke, Ortsteile and council bodies. Idempotent."""
    try:
        city, _ = City.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "state": data.get("state", ""),
                "population": data.get("population"),
            },
        )
        bodies = data.get("bodies", {})
        if bodies.get("city_council"):
            CouncilBody.objects.get_or_create(
                city=city,
                district=None,
                kind=CouncilBody.Kind.CITY_COUNCIL,
                defaults={"name": bodies["city_council"]},
            )
        for borough in data["boroughs"]:
            parent = _upsert_district(city, None, DistrictLevel.BOROUGH, borough)
            if bodies.get("district_council"):
                CouncilBody.objects.get_or_create(
                    city=city,
                    district=parent,
                    kind=CouncilBody.Kind.DISTRICT_COUNCIL,
                    defaults={"name": bodies["district_council"].format(name=parent.name)},
                )
            for locality in borough.get("localities", []):
                _upsert_district(city, parent, DistrictLevel.LOCALITY, locality)
    except (KeyError, TypeError) as exc:
        raise CityDataError(f"city data is missing a field: {exc}") from exc
    return city


def load_city_file(*, path: Path) -> City:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CityDataError(f"cannot read {path}: {exc}") from exc
    return load_city(data=data)


def _upsert_district(
    city: City, parent: District | None, level: str, item: dict[str, Any]
) -> District:
    district, _ = District.objects.update_or_create(
        city=city,
        level=level,
        number=str(item["number"]),
        defaults={
            "parent": parent,
            "name": item["name"],
            "slug": slugify(item["name"].replace("ß", "ss")) or str(item["number"]),
            "population": item.get("population"),
        },
    )
    return district

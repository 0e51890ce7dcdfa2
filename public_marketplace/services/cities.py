"""Changes to the public network's reference data and (later) marketplace content."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.text import slugify

from public_marketplace.models import City, CouncilBody, District, DistrictLevel

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

BODY_KEYS = {
    "slug",
    "kind",
    "name",
    "district",
    "area",
    "submission_email",
    "residents_only",
    "min_cosigners",
    "submission_deadline_days",
    "submission_notes",
    "support_goal",
    "support_period_days",
}
# Upper bounds of the model's PositiveSmallIntegerField / PositiveIntegerField columns.
BODY_NUMBERS = {
    "min_cosigners": 32767,
    "submission_deadline_days": 32767,
    "support_goal": 2147483647,
    "support_period_days": 32767,
}


class CityDataError(ValueError):
    pass


def city_data_path(name_or_path: str) -> Path:
    """``leipzig`` names a data file shipped with the project; anything else is a path."""
    bundled = DATA_DIR / f"{name_or_path}.json"
    return bundled if bundled.exists() else Path(name_or_path)


@transaction.atomic
def load_city(*, data: dict[str, Any]) -> City:
    """Create or update a city with its Stadtbezirke, Ortsteile and council bodies. Idempotent.

    All council bodies are checked before anything is written, and the whole load is one
    transaction: bad data raises CityDataError and leaves the database as it was.
    """
    try:
        bodies = _body_specs(data)
        city, _ = City.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "state": data.get("state", ""),
                "population": data.get("population"),
            },
        )
        districts: dict[str, District] = {}
        for borough in data["boroughs"]:
            parent = _upsert_district(city, None, DistrictLevel.BOROUGH, borough)
            districts[f"borough:{parent.number}"] = parent
            for locality in borough.get("localities", []):
                district = _upsert_district(city, parent, DistrictLevel.LOCALITY, locality)
                districts[f"locality:{district.number}"] = district
                districts[f"locality:{district.name}"] = district
        for spec in bodies:
            _upsert_body(city, districts, spec)
    except (KeyError, TypeError, AttributeError) as exc:
        raise CityDataError(f"city data is missing a field or has a wrong type: {exc}") from exc
    return city


def load_city_file(*, path: Path) -> City:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CityDataError(f"cannot read {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise CityDataError(f"{path}: the top level must be a JSON object")
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


def _body_specs(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The council bodies of ``data``, checked; the old name-only format is converted."""
    raw = data.get("bodies", [])
    if isinstance(raw, dict):
        raw = _legacy_bodies(raw, data["boroughs"])
    if not isinstance(raw, list):
        raise CityDataError("'bodies' must be a list of council bodies")
    boroughs = {str(b["number"]) for b in data["boroughs"]}
    localities = {
        ref
        for b in data["boroughs"]
        for loc in b.get("localities", [])
        for ref in (str(loc["number"]), loc["name"])
    }
    kinds = set(CouncilBody.Kind.values)
    seen: set[str] = set()
    specs = []
    for index, body in enumerate(raw):
        if not isinstance(body, dict):
            raise CityDataError(f"body #{index + 1} must be an object")
        label = f"body {body.get('slug') or index + 1!r}"
        unknown = set(body) - BODY_KEYS
        if unknown:
            raise CityDataError(f"{label}: unknown fields {', '.join(sorted(unknown))}")
        for key in ("slug", "kind", "name"):
            if not isinstance(body.get(key), str) or not body[key].strip():
                raise CityDataError(f"{label}: '{key}' is required")
        if body["slug"] != slugify(body["slug"]):
            raise CityDataError(f"{label}: slug must be lowercase letters, digits and hyphens")
        if body["slug"] in seen:
            raise CityDataError(f"{label}: the slug is used twice")
        seen.add(body["slug"])
        if body["kind"] not in kinds:
            raise CityDataError(
                f"{label}: unknown kind {body['kind']!r} (one of {', '.join(sorted(kinds))})"
            )
        district = body.get("district")
        if district is not None:
            valid = boroughs if body["kind"] == CouncilBody.Kind.DISTRICT_COUNCIL else localities
            if str(district) not in valid:
                raise CityDataError(f"{label}: unknown district {district!r}")
        area = body.get("area", [])
        if not isinstance(area, list):
            raise CityDataError(f"{label}: 'area' must be a list of Ortsteile")
        for ref in area:
            if str(ref) not in localities:
                raise CityDataError(f"{label}: unknown Ortsteil {ref!r} in the area")
        for key, maximum in BODY_NUMBERS.items():
            value = body.get(key)
            if value is None:  # not given: the model's default
                continue
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
                raise CityDataError(f"{label}: '{key}' must be a whole number from 0 to {maximum}")
        if not isinstance(body.get("residents_only", False), bool):
            raise CityDataError(f"{label}: 'residents_only' must be true or false")
        for key in ("submission_email", "submission_notes"):
            if not isinstance(body.get(key, ""), str):
                raise CityDataError(f"{label}: '{key}' must be text")
        if body.get("submission_email"):
            try:
                validate_email(body["submission_email"])
            except ValidationError as exc:
                raise CityDataError(f"{label}: 'submission_email' is not an address") from exc
        specs.append(body)
    return specs


def _legacy_bodies(names: dict[str, Any], boroughs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The old ``{"city_council": name, "district_council": "… {name}"}`` format as a list."""
    specs: list[dict[str, Any]] = []
    if names.get("city_council"):
        specs.append(
            {
                # The slug the list format uses for a city's council.
                "slug": "stadtrat",
                "kind": CouncilBody.Kind.CITY_COUNCIL,
                "name": names["city_council"],
            }
        )
    if names.get("district_council"):
        for borough in boroughs:
            name = names["district_council"].format(name=borough["name"])
            specs.append(
                {
                    "slug": slugify(name.replace("ß", "ss")),
                    "kind": CouncilBody.Kind.DISTRICT_COUNCIL,
                    "name": name,
                    "district": str(borough["number"]),
                    "area": [str(loc["number"]) for loc in borough.get("localities", [])],
                    "residents_only": True,
                }
            )
    return specs


def _upsert_body(city: City, districts: dict[str, District], spec: dict[str, Any]) -> None:
    kind = spec["kind"]
    district = None
    if spec.get("district") is not None:
        level = "borough" if kind == CouncilBody.Kind.DISTRICT_COUNCIL else "locality"
        district = districts[f"{level}:{spec['district']}"]
    values = {
        "kind": kind,
        "name": spec["name"],
        "district": district,
        "submission_email": spec.get("submission_email", ""),
        "residents_only": spec.get("residents_only", False),
        "min_cosigners": spec.get("min_cosigners", 0),
        "submission_deadline_days": spec.get("submission_deadline_days", 0),
        "submission_notes": spec.get("submission_notes", ""),
        "support_goal": spec.get("support_goal"),
        "support_period_days": spec.get("support_period_days"),
    }
    body = CouncilBody.objects.filter(city=city, slug=spec["slug"]).first()
    if body is None:
        # Rows loaded before bodies had slugs: keep them (impulses may point at them).
        body = (
            CouncilBody.objects.filter(city=city, slug="", kind=kind, district=district)
            .order_by("pk")
            .first()
        )
    if body is None:
        body = CouncilBody(city=city, slug=spec["slug"])
    body.slug = spec["slug"]
    for field, value in values.items():
        setattr(body, field, value)
    body.save()
    body.area.set([districts[f"locality:{ref}"] for ref in spec.get("area", [])])

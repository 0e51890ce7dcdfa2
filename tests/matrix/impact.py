"""Route matrix entries for the public impact dashboard and its JSON (aggregate numbers only)."""

from __future__ import annotations

from tests.matrix.actors import ACTORS

ALL_OK = dict.fromkeys(ACTORS, 200)

PUBLIC_ROUTES = {
    "impact_overview": "the network's public impact dashboard: aggregate numbers, no names",
    "impact_city": "a city's impact dashboard: aggregate numbers, no names",
    "impact_district": "a district's impact dashboard: aggregate numbers, no names",
    "impact-api-city": "the city dashboard's numbers as JSON",
    "impact-api-district": "the district dashboard's numbers as JSON",
}

PUBLIC = {
    "impact_overview": ("/wirkung/", ALL_OK),
    "impact_city": ("/wirkung/leipzig/", ALL_OK),
    "impact_district": ("/wirkung/leipzig/alt-west/", ALL_OK),
    "impact-api-city": ("/api/v1/impact/leipzig/", ALL_OK),
    "impact-api-district": ("/api/v1/impact/leipzig/lindenau/", ALL_OK),
}

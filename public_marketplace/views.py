"""Public network pages (root domain)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from public_marketplace import selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public_marketplace/home.html",
        {
            "cities": selectors.cities_with_district_counts(),
            "organisations": selectors.public_organisations()[:24],
        },
    )

"""The network's legal pages (imprint, privacy notice, accessibility statement) and the favicon.

The legal pages are plain text pages on the root host; organisation hosts link to them from
their footer. Who runs the installation comes from settings (SITE_OPERATOR_*); what is not
configured is shown as a clearly marked placeholder, never as made-up data.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.http import require_safe


def operator() -> dict[str, Any]:
    """The operator's details for the templates; ``configured`` is False while any is missing."""
    name = settings.SITE_OPERATOR_NAME.strip()
    address = [line.strip() for line in settings.SITE_OPERATOR_ADDRESS.split(";") if line.strip()]
    email = settings.SITE_OPERATOR_EMAIL.strip()
    return {
        "name": name,
        "address": address,
        "email": email,
        "reviewed_on": settings.ACCESSIBILITY_REVIEWED_ON.strip(),
        "configured": bool(name and address and email),
    }


def _page(request: HttpRequest, template: str) -> HttpResponse:
    return render(request, template, {"operator": operator()})


@require_safe
def imprint(request: HttpRequest) -> HttpResponse:
    return _page(request, "pages/imprint.html")


@require_safe
def privacy_notice(request: HttpRequest) -> HttpResponse:
    return _page(request, "pages/privacy.html")


@require_safe
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return _page(request, "pages/accessibility.html")


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on every host; the icon itself is a static SVG file."""
    response = HttpResponseRedirect(static("img/favicon.svg"))
    response["Cache-Control"] = "public, max-age=86400"
    return response

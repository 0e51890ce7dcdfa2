"""Organisation settings: name, colour, logo and default language (owners)."""

from __future__ import annotations

import re
import uuid
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import Action, changed_fields, record
from config.images import ImageRejected, normalise_image
from tenants.models import Organisation, Role
from tenants.roles import OrganisationError, require_role

COLOUR_PATTERN = re.compile(r"^#[0-9a-f]{6}$")
MIN_CONTRAST = 4.5  # WCAG 2.1 AA for text: the colour is used for the name on white
LOGO_FORMATS = {"JPEG", "PNG", "WEBP"}  # what browsers show everywhere; SVG could carry scripts


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(hex_colour: str) -> float:
    return 1.05 / (_luminance(hex_colour) + 0.05)


def clean_colour(value: str) -> str:
    colour = (value or "").strip().lower()
    if not colour:
        return ""
    if not COLOUR_PATTERN.match(colour):
        raise OrganisationError(
            _("Bitte gib die Farbe als #RRGGBB an, z. B. #0b5cad."), field="brand_colour"
        )
    if contrast_with_white(colour) < MIN_CONTRAST:
        raise OrganisationError(
            _(
                "Diese Farbe ist zu hell: Schrift in ihr wäre auf Weiß schwer lesbar "
                "(Kontrast %(ratio).1f:1, nötig sind 4,5:1)."
            )
            % {"ratio": contrast_with_white(colour)},
            field="brand_colour",
        )
    return colour


@transaction.atomic
def update_settings(
    *,
    organisation: Organisation,
    acting_user: User,
    name: str,
    brand_colour: str,
    default_language: str,
    logo: Any = None,
    remove_logo: bool = False,
) -> Organisation:
    require_role(organisation=organisation, user=acting_user, minimum=Role.OWNER)
    name = (name or "").strip()
    if not 2 <= len(name) <= 120:
        raise OrganisationError(_("Der Name braucht 2 bis 120 Zeichen."), field="name")
    if default_language not in ("de", "en"):
        raise OrganisationError(_("Unbekannte Sprache."), field="default_language")
    colour = clean_colour(brand_colour)
    content = None
    if logo is not None:
        try:
            # The shared upload rule (UPL-1): proves it is an image, drops metadata.
            content = normalise_image(logo, formats=LOGO_FORMATS)
        except ImageRejected as exc:
            raise OrganisationError(exc.message, field="logo") from exc
    fresh = Organisation.objects.select_for_update().get(pk=organisation.pk)
    record(
        organisation=fresh,
        action=Action.SETTINGS_CHANGED,
        actor=acting_user,
        details={
            "fields": changed_fields(
                fresh, name=name, brand_colour=colour, default_language=default_language
            )
            + (["logo"] if content is not None or remove_logo else [])
        },
    )
    fresh.name, fresh.brand_colour, fresh.default_language = name, colour, default_language
    if content is not None:
        fresh.logo.save(f"{uuid.uuid4().hex}.{content.name}", content, save=False)
    elif remove_logo:
        fresh.logo = ""
    fresh.save()
    return fresh

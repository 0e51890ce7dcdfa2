"""Cities and their districts; the marketplace itself grows here (public schema)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class City(models.Model):  # type: ignore[django-manager-missing]  # FK from tenants
    name = models.CharField(_("Name"), max_length=100)
    slug = models.SlugField(unique=True)
    state = models.CharField(_("Bundesland"), max_length=60, blank=True)
    population = models.PositiveIntegerField(_("Einwohner:innen"), null=True, blank=True)

    class Meta:
        verbose_name = _("Stadt")
        verbose_name_plural = _("Städte")
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class DistrictLevel(models.TextChoices):
    BOROUGH = "borough", _("Stadtbezirk")
    LOCALITY = "locality", _("Ortsteil")


class District(models.Model):
    """A Stadtbezirk, or an Ortsteil within one (``parent``)."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="districts")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    level = models.CharField(max_length=10, choices=DistrictLevel.choices)
    number = models.CharField(_("Nummer"), max_length=8)
    name = models.CharField(_("Name"), max_length=100)
    slug = models.SlugField(max_length=120)
    population = models.PositiveIntegerField(_("Einwohner:innen"), null=True, blank=True)

    class Meta:
        verbose_name = _("Bezirk")
        verbose_name_plural = _("Bezirke")
        ordering: ClassVar = ["city", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["city", "level", "number"], name="district_number"),
            models.UniqueConstraint(fields=["city", "slug"], name="district_slug"),
        ]

    def __str__(self) -> str:
        return self.name


class CouncilBody(models.Model):
    """A council body (Gremium) that receives motions, e.g. a Stadtbezirksbeirat."""

    class Kind(models.TextChoices):
        CITY_COUNCIL = "city_council", _("Stadtrat")
        DISTRICT_COUNCIL = "district_council", _("Stadtbezirksbeirat")
        LOCALITY_COUNCIL = "locality_council", _("Ortschaftsrat")

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="bodies")
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, null=True, blank=True, related_name="bodies"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(_("Name"), max_length=150)
    # Link to the city's council information system (OParl Organization), once configured.
    oparl_id = models.URLField(_("OParl-ID"), blank=True)

    class Meta:
        verbose_name = _("Gremium")
        verbose_name_plural = _("Gremien")
        ordering: ClassVar = ["city", "name"]

    def __str__(self) -> str:
        return self.name

"""Daily impact snapshots: the figures the public dashboard shows, computed in the background so
that a page never aggregates the marketplace's large tables (see ``impact.services``)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImpactSnapshot(models.Model):
    """The figures of one city (``district`` empty) or one district on one day.

    Written by ``impact.services.take_snapshot`` (an upsert, so re-running a day replaces its
    row). ``population`` is copied from the city or district at the time, so that the share
    shown in the history stays what it was.
    """

    date = models.DateField(_("Tag"))
    city = models.ForeignKey(
        "public_marketplace.City", on_delete=models.CASCADE, related_name="impact_snapshots"
    )
    district = models.ForeignKey(
        "public_marketplace.District",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="impact_snapshots",
    )
    population = models.PositiveIntegerField(_("Einwohner:innen"), null=True, blank=True)
    active_people = models.PositiveIntegerField(_("Aktive Menschen"), default=0)
    impulses_total = models.PositiveIntegerField(_("Impulse"), default=0)
    impulses_published_in_period = models.PositiveIntegerField(
        _("Neue Impulse (90 Tage)"), default=0
    )
    implemented_total = models.PositiveIntegerField(_("Umgesetzte Projekte"), default=0)
    supports_total = models.PositiveIntegerField(_("Unterstützungen"), default=0)
    computed_at = models.DateTimeField(_("Berechnet am"), auto_now=True)

    class Meta:
        verbose_name = _("Wirkungs-Stand")
        verbose_name_plural = _("Wirkungs-Stände")
        ordering: ClassVar = ["-date", "city", "district"]
        constraints: ClassVar = [
            # NULLS NOT DISTINCT: the whole-city row (district NULL) is unique per day too, and
            # the constraint is the conflict target of the upsert.
            models.UniqueConstraint(
                fields=["city", "district", "date"],
                name="impact_snapshot_once_per_day",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.district_id or self.city_id}"

    @property
    def share(self) -> float | None:
        """Active people as a fraction of the population, or None when that is not configured."""
        if not self.population:
            return None
        return self.active_people / self.population

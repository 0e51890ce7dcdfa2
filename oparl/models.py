"""A council's published data, imported through OParl 1.1 (https://oparl.org/spezifikation/):
its bodies' organizations, people, meetings with agenda items, and papers (Drucksachen).

Every row is keyed by its OParl ``id`` (a URL, unique across servers) and keeps the server's
``modified`` and ``deleted``: a deleted object stays as a row marked deleted, so whatever links
to it (a motion, an agenda item) still finds it. The importer (oparl/importer.py) writes these
rows; everything else reads them (oparl/selectors.py)."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import GeneratedField
from django.utils.translation import gettext_lazy as _

from public_marketplace.models import City, CouncilBody

OPARL_ID_LENGTH = 1000  # ids are URLs; some servers build long ones


def _oparl_id(unique: bool = True) -> models.URLField:
    return models.URLField(_("OParl-ID"), max_length=OPARL_ID_LENGTH, unique=unique)


class OParlSource(models.Model):
    """One council information system (an OParl System) and where its import stands."""

    system_url = models.URLField(_("System-URL"), max_length=OPARL_ID_LENGTH, unique=True)
    name = models.CharField(_("Name"), max_length=200, blank=True)
    # Name matching of organizations to council bodies looks only at this city's bodies.
    city = models.ForeignKey(
        City, on_delete=models.SET_NULL, null=True, blank=True, related_name="oparl_sources"
    )
    # Start time of the last run that finished without a broken page: the next run asks for
    # what changed since then (``modified_since``).
    last_success_at = models.DateTimeField(_("Letzter vollständiger Lauf"), null=True, blank=True)
    last_run_at = models.DateTimeField(_("Letzter Lauf"), null=True, blank=True)
    last_result = models.JSONField(_("Ergebnis des letzten Laufs"), default=dict, blank=True)
    # An unfinished run: its start, and the page it stopped before (a body, one of its lists,
    # the page's URL). Written in the same transaction as each page's rows, so a run that is
    # killed resumes exactly after the last page it stored.
    run_started_at = models.DateTimeField(null=True, blank=True)
    resume_body = models.URLField(max_length=OPARL_ID_LENGTH, blank=True)
    resume_list = models.CharField(max_length=20, blank=True)
    resume_url = models.URLField(max_length=4000, blank=True)
    resume_total_pages = models.PositiveIntegerField(null=True, blank=True)
    # Runs that stopped at this same page in a row; past a limit the page counts as broken.
    resume_failures = models.PositiveSmallIntegerField(default=0)
    # Broken pages of the unfinished run so far (a resumed run that saw none still must not
    # count as complete).
    run_broken_pages = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("OParl-Quelle")
        verbose_name_plural = _("OParl-Quellen")
        ordering: ClassVar = ["pk"]

    def __str__(self) -> str:
        return self.name or self.system_url


class OParlObject(models.Model):
    """What every imported row has."""

    oparl_id = _oparl_id()
    modified = models.DateTimeField(_("Geändert (OParl)"), null=True, blank=True)
    deleted = models.BooleanField(_("Gelöscht"), default=False)
    imported_at = models.DateTimeField(auto_now_add=True)
    # Set by the importer whenever a stored field changes (not on unchanged re-imports).
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class Organization(OParlObject):
    """A council body, faction, committee … (OParl Organization)."""

    name = models.TextField(_("Name"), blank=True)
    short_name = models.CharField(_("Kurzname"), max_length=200, blank=True)
    classification = models.CharField(_("Art"), max_length=200, blank=True)
    body_oparl_id = models.URLField(max_length=OPARL_ID_LENGTH, blank=True)
    # Our council body, linked by its ``oparl_id`` or, while that is unset, by exact name.
    council_body = models.ForeignKey(
        CouncilBody,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="oparl_organizations",
    )

    class Meta:
        verbose_name = _("Organisation (OParl)")
        verbose_name_plural = _("Organisationen (OParl)")
        ordering: ClassVar = ["name", "pk"]

    def __str__(self) -> str:
        return self.name or self.oparl_id


class Person(OParlObject):
    """Only what the papers' originators need: a name."""

    name = models.TextField(_("Name"), blank=True)

    class Meta:
        verbose_name = _("Person (OParl)")
        verbose_name_plural = _("Personen (OParl)")

    def __str__(self) -> str:
        return self.name or self.oparl_id


class Meeting(OParlObject):
    name = models.TextField(_("Name"), blank=True)
    start = models.DateTimeField(_("Beginn"), null=True, blank=True)
    end = models.DateTimeField(_("Ende"), null=True, blank=True)
    location = models.TextField(_("Ort"), blank=True)
    cancelled = models.BooleanField(_("Abgesagt"), default=False)
    organizations = models.ManyToManyField(Organization, blank=True, related_name="meetings")

    class Meta:
        verbose_name = _("Sitzung (OParl)")
        verbose_name_plural = _("Sitzungen (OParl)")
        ordering: ClassVar = ["start", "pk"]
        indexes: ClassVar = [
            # meetings_of(): a body's (upcoming) meetings by start.
            models.Index(
                fields=["start", "id"],
                name="oparl_meeting_start",
                condition=models.Q(deleted=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.oparl_id


class Paper(OParlObject):
    """A Drucksache: a motion, an enquiry, an administration's proposal …"""

    name = models.TextField(_("Titel"), blank=True)
    reference = models.CharField(_("Drucksachennummer"), max_length=200, blank=True)
    paper_type = models.CharField(_("Art"), max_length=200, blank=True)
    date = models.DateField(_("Datum"), null=True, blank=True)
    main_file_url = models.URLField(_("Hauptdokument"), max_length=4000, blank=True)
    # Names as the server gave them when the paper was imported (people and organizations).
    originator_names = ArrayField(models.TextField(), default=list, blank=True)
    # Where the paper comes from or is consulted (originators, consultations, lead).
    organizations = models.ManyToManyField(Organization, blank=True, related_name="papers")
    search_vector = GeneratedField(
        expression=SearchVector("name", config="german"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("Drucksache (OParl)")
        verbose_name_plural = _("Drucksachen (OParl)")
        ordering: ClassVar = ["-date", "-pk"]
        indexes: ClassVar = [
            models.Index(fields=["reference"], name="oparl_paper_reference"),
            # papers_matching(): newest first.
            models.Index(
                fields=["-date", "-id"],
                name="oparl_paper_newest",
                condition=models.Q(deleted=False),
            ),
            GinIndex(fields=["search_vector"], name="oparl_paper_search"),
            GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name="oparl_paper_name_trgm"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}".strip() or self.oparl_id


class AgendaItem(OParlObject):
    """A Tagesordnungspunkt, embedded in its meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.CharField(_("Nummer"), max_length=100, blank=True)
    order = models.IntegerField(_("Reihenfolge"), null=True, blank=True)
    name = models.TextField(_("Name"), blank=True)
    public = models.BooleanField(_("Öffentlich"), null=True)
    result = models.TextField(_("Ergebnis"), blank=True)
    resolution_text = models.TextField(_("Beschluss"), blank=True)
    consultation_oparl_id = models.URLField(max_length=OPARL_ID_LENGTH, blank=True)
    # Set from the paper's embedded consultations (a Consultation names its agenda item).
    paper = models.ForeignKey(
        Paper, on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_items"
    )

    class Meta:
        verbose_name = _("Tagesordnungspunkt (OParl)")
        verbose_name_plural = _("Tagesordnungspunkte (OParl)")
        ordering: ClassVar = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.name}".strip() or self.oparl_id

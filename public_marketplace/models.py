"""Cities and their districts; the marketplace itself grows here (public schema)."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import GeneratedField
from django.utils import timezone
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
        ADVISORY_COUNCIL = "advisory_council", _("Beirat")

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="bodies")
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, null=True, blank=True, related_name="bodies"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(_("Name"), max_length=150)
    slug = models.SlugField(max_length=120, blank=True)
    # The districts whose residents the body speaks for (empty: the whole city).
    area = models.ManyToManyField(District, blank=True, related_name="council_bodies")
    submission_email = models.EmailField(_("Einreichungsadresse"), blank=True)
    # Submission rules, from the city's data file (public_marketplace/data/<city>.json).
    residents_only = models.BooleanField(_("Nur Einwohner:innen des Gebiets"), default=False)
    min_cosigners = models.PositiveSmallIntegerField(_("Mindestzahl Mitzeichnende"), default=0)
    submission_deadline_days = models.PositiveSmallIntegerField(
        _("Einreichung spätestens Tage vor der Sitzung"), default=0
    )
    submission_notes = models.TextField(_("Hinweise zur Einreichung"), blank=True)
    # The support goal an impulse aimed at this body sets by default.
    support_goal = models.PositiveIntegerField(_("Unterstützungsziel"), null=True, blank=True)
    support_period_days = models.PositiveSmallIntegerField(
        _("Frist für das Unterstützungsziel (Tage)"), null=True, blank=True
    )
    # Link to the city's council information system (OParl Organization), once configured.
    oparl_id = models.URLField(_("OParl-ID"), blank=True)

    class Meta:
        verbose_name = _("Gremium")
        verbose_name_plural = _("Gremien")
        ordering: ClassVar = ["city", "name"]

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    """A theme impulses can be tagged with (Verkehr, Grün, Kultur …)."""

    name = models.CharField(_("Name"), max_length=60, unique=True)
    slug = models.SlugField(max_length=70, unique=True)

    class Meta:
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class ImpulseKind(models.TextChoices):
    IDEA = "idea", _("Idee")
    EVENT = "event", _("Veranstaltung")
    REFORM = "reform", _("Reformvorschlag")


class ImpulseStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    PUBLISHED = "published", _("Idee")
    GATHERING = "gathering", _("Sammelt Mitstreiter:innen")
    IN_IMPLEMENTATION = "in_implementation", _("In Umsetzung")
    IMPLEMENTED = "implemented", _("Umgesetzt")
    ABANDONED = "abandoned", _("Aufgegeben")
    ARCHIVED = "archived", _("Archiviert")


# Statuses everyone can see on the network (drafts are the author's own).
VISIBLE_STATUSES = (
    ImpulseStatus.PUBLISHED,
    ImpulseStatus.GATHERING,
    ImpulseStatus.IN_IMPLEMENTATION,
    ImpulseStatus.IMPLEMENTED,
    ImpulseStatus.ABANDONED,
    ImpulseStatus.ARCHIVED,
)


def _choice_label(choices: type[models.TextChoices], value: str) -> str:
    """The label of ``value`` (translated when shown), or the value itself, as
    ``get_FOO_display`` would show it."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class AuthorKind(models.TextChoices):
    CITIZEN = "citizen", _("Bürger:in")
    ORGANISATION = "organisation", _("Organisation")
    ADMINISTRATION = "administration", _("Verwaltung")


class Impulse(models.Model):
    """An idea, event or reform proposal posted to the network."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("Art"), max_length=10, choices=ImpulseKind.choices)
    title = models.CharField(_("Titel"), max_length=140)
    body = models.TextField(_("Beschreibung"), max_length=20_000)
    body_html = models.TextField(editable=False)  # sanitised rendering of the Markdown body
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="impulses")
    districts = models.ManyToManyField(District, blank=True, related_name="impulses")
    topics = models.ManyToManyField(Topic, blank=True, related_name="impulses")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="impulses"
    )
    organisation = models.ForeignKey(
        "tenants.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="impulses",
        help_text=_("Gesetzt, wenn im Namen einer Organisation veröffentlicht."),
    )
    author_kind = models.CharField(max_length=16, choices=AuthorKind.choices)
    status = models.CharField(
        _("Status"), max_length=20, choices=ImpulseStatus.choices, default=ImpulseStatus.DRAFT
    )
    implementation_report = models.TextField(_("Umsetzungsbericht"), blank=True, max_length=20_000)
    # The box where helpers implement the impulse (public schema, like the impulse); opened
    # by the owner or by accepting the first offer of help (services/boxes.py).
    box = models.OneToOneField(
        "workspaces.Workspace",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="impulse",
    )

    # A support goal aimed at a council body (services/goals.py): reached once, before the
    # deadline, it stays reached; missed at the deadline, it stays missed (supports still count).
    target_body = models.ForeignKey(
        CouncilBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aimed_impulses",
        verbose_name=_("Gremium"),
    )
    support_goal = models.PositiveIntegerField(_("Unterstützungsziel"), null=True, blank=True)
    support_deadline = models.DateTimeField(_("Frist"), null=True, blank=True)
    goal_reached_at = models.DateTimeField(null=True, blank=True)
    goal_missed_at = models.DateTimeField(null=True, blank=True)
    # The supports at the deadline when it was missed (later supports still count).
    goal_missed_count = models.PositiveIntegerField(null=True, blank=True)

    # Events
    starts_at = models.DateTimeField(_("Beginn"), null=True, blank=True)
    ends_at = models.DateTimeField(_("Ende"), null=True, blank=True)
    place_name = models.CharField(_("Ort"), max_length=120, blank=True)
    address = models.CharField(_("Adresse"), max_length=200, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    online_url = models.URLField(_("Online-Link"), blank=True)

    # Counters kept by the services (one row update, no COUNT on read).
    support_count = models.PositiveIntegerField(default=0)
    participant_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    # Trending: log10(supports) plus publication time, so newer impulses rise (time decay).
    hot_score = models.FloatField(default=0.0)

    is_hidden = models.BooleanField(default=False)  # hidden by moderation
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    search_vector = GeneratedField(
        expression=SearchVector("title", weight="A", config="german")
        + SearchVector("body", weight="B", config="german"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("Impuls")
        verbose_name_plural = _("Impulse")
        indexes: ClassVar = [
            # Keyset pagination: every sort order has an index that ends in the id.
            models.Index(
                fields=["-published_at", "-id"],
                name="impulse_newest",
                condition=models.Q(is_hidden=False, published_at__isnull=False),
            ),
            models.Index(
                fields=["-hot_score", "-id"],
                name="impulse_trending",
                condition=models.Q(is_hidden=False),
            ),
            models.Index(
                fields=["-support_count", "-id"],
                name="impulse_supported",
                condition=models.Q(is_hidden=False),
            ),
            models.Index(
                fields=["starts_at", "id"],
                name="impulse_upcoming",
                condition=models.Q(is_hidden=False, kind="event"),
            ),
            GinIndex(fields=["search_vector"], name="impulse_search"),
            # Typo-tolerant title matching (pg_trgm).
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="impulse_title_trgm"),
            # The hourly job that marks missed goals reads only the open ones, by deadline.
            models.Index(
                fields=["support_deadline", "id"],
                name="impulse_open_goal",
                condition=models.Q(
                    support_deadline__isnull=False,
                    goal_reached_at__isnull=True,
                    goal_missed_at__isnull=True,
                ),
            ),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(starts_at__isnull=True)
                | models.Q(ends_at__gte=models.F("starts_at")),
                name="impulse_event_ends_after_start",
            ),
            # An aim is a body, a goal of at least one and a deadline, or none of them.
            models.CheckConstraint(
                condition=models.Q(
                    target_body__isnull=True,
                    support_goal__isnull=True,
                    support_deadline__isnull=True,
                )
                | models.Q(
                    target_body__isnull=False,
                    support_goal__gte=1,
                    support_deadline__isnull=False,
                ),
                name="impulse_goal_complete",
            ),
            models.CheckConstraint(
                condition=models.Q(goal_reached_at__isnull=True)
                | models.Q(goal_missed_at__isnull=True),
                name="impulse_goal_reached_or_missed",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_event(self) -> bool:
        return self.kind == ImpulseKind.EVENT

    # ``get_kind_display``/``get_status_display`` rebuild and hash every choice's translated
    # label on each call (about 40 µs); a list page shows these twice per card.
    @property
    def kind_label(self) -> str:
        return _choice_label(ImpulseKind, self.kind)

    @property
    def status_label(self) -> str:
        return _choice_label(ImpulseStatus, self.status)

    @property
    def is_visible(self) -> bool:
        return not self.is_hidden and self.status in VISIBLE_STATUSES

    @property
    def goal_state(self) -> str:
        """ "open", "reached" or "missed" ("" without a goal). A deadline that has passed reads as
        missed before the hourly job has marked it: the page never shows a goal as still open."""
        if self.support_goal is None or self.support_deadline is None:
            return ""
        if self.goal_reached_at is not None:
            return "reached"
        if self.goal_missed_at is not None or self.support_deadline <= timezone.now():
            return "missed"
        return "open"


class ImpulseImage(models.Model):
    impulse = models.ForeignKey(Impulse, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(upload_to="impulses/%Y/%m/")
    alt_text = models.CharField(_("Bildbeschreibung"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.alt_text


class ImpulseStatusChange(models.Model):
    """The lifecycle history shown on an impulse."""

    impulse = models.ForeignKey(Impulse, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=20, choices=ImpulseStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ImpulseStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


MAX_REPORT_PHOTOS = 6


class ReportPhoto(models.Model):
    """A photo of the done report ("Umgesetzt"), tied to the stage change it documents; public
    like the impulse (served from the impulses folder)."""

    status_change = models.ForeignKey(
        ImpulseStatusChange, on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(upload_to="impulses/reports/%Y/%m/")
    alt_text = models.CharField(_("Bildbeschreibung"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["position", "id"]

    def __str__(self) -> str:
        return self.alt_text


class Support(models.Model):
    """One person backs an impulse, once."""

    impulse = models.ForeignKey(Impulse, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports"
    )
    show_name = models.BooleanField(_("Meinen Namen zeigen"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Unterstützung")
        verbose_name_plural = _("Unterstützungen")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["impulse", "user"], name="one_support_per_person")
        ]
        indexes: ClassVar = [
            models.Index(fields=["user", "-created_at"]),
            # An impulse's named supporters, newest first, without sorting all its supports.
            models.Index(
                fields=["impulse", "-created_at"],
                name="support_named_newest",
                condition=models.Q(show_name=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.impulse_id}"


class OfferKind(models.TextChoices):
    TIME = "time", _("Zeit")
    SKILLS = "skills", _("Können und Wissen")
    PLACE = "place", _("Einen Ort oder Raum")
    MATERIALS = "materials", _("Material oder Werkzeug")


class OfferMode(models.TextChoices):
    IN_PERSON = "in_person", _("Vor Ort")
    ONLINE = "online", _("Online")
    BOTH = "both", _("Vor Ort und online")


class OfferStatus(models.TextChoices):
    OFFERED = "offered", _("Angeboten")
    ACCEPTED = "accepted", _("Angenommen")
    DECLINED = "declined", _("Abgelehnt")


class Participation(models.Model):
    """ "Mitmachen": someone offers to help implement an impulse (separate from support): what
    they bring, how and where. The impulse's owner accepts or declines; accepted helpers are
    members of the impulse's box."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    impulse = models.ForeignKey(Impulse, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations"
    )
    brings = ArrayField(
        models.CharField(max_length=12, choices=OfferKind.choices),
        default=list,
        blank=True,
        verbose_name=_("Was ich mitbringe"),
    )
    mode = models.CharField(
        _("Wie"), max_length=10, choices=OfferMode.choices, default=OfferMode.IN_PERSON
    )
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Ortsteil"),
    )
    note = models.TextField(
        _("Nachricht an die Initiatorin oder den Initiator"), blank=True, max_length=1000
    )
    status = models.CharField(
        max_length=10, choices=OfferStatus.choices, default=OfferStatus.OFFERED
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["impulse", "user"], name="one_participation_per_person")
        ]
        indexes: ClassVar = [models.Index(fields=["impulse", "status", "id"])]

    def __str__(self) -> str:
        return f"{self.user_id} ↔ {self.impulse_id}"

    @property
    def brings_labels(self) -> list[str]:
        return [_choice_label(OfferKind, kind) for kind in self.brings]

    @property
    def mode_label(self) -> str:
        return _choice_label(OfferMode, self.mode)

    @property
    def status_label(self) -> str:
        return _choice_label(OfferStatus, self.status)


class FollowTarget(models.TextChoices):
    IMPULSE = "impulse", _("Impuls")
    DISTRICT = "district", _("Bezirk")
    ORGANISATION = "organisation", _("Organisation")


class Follow(models.Model):
    """A person follows an impulse, a district or an organisation (exactly one of them)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    target = models.CharField(max_length=12, choices=FollowTarget.choices)
    impulse = models.ForeignKey(
        Impulse, on_delete=models.CASCADE, null=True, blank=True, related_name="followers"
    )
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, null=True, blank=True, related_name="followers"
    )
    organisation = models.ForeignKey(
        "tenants.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followers",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        target="impulse",
                        impulse__isnull=False,
                        district__isnull=True,
                        organisation__isnull=True,
                    )
                    | models.Q(
                        target="district",
                        district__isnull=False,
                        impulse__isnull=True,
                        organisation__isnull=True,
                    )
                    | models.Q(
                        target="organisation",
                        organisation__isnull=False,
                        impulse__isnull=True,
                        district__isnull=True,
                    )
                ),
                name="follow_exactly_one_target",
            ),
            models.UniqueConstraint(fields=["user", "impulse"], name="follow_impulse_once"),
            models.UniqueConstraint(fields=["user", "district"], name="follow_district_once"),
            models.UniqueConstraint(
                fields=["user", "organisation"], name="follow_organisation_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.target}"

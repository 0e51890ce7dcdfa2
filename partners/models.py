"""Offline partners: places and organisations in Leipzig's Ortsteile that help with rooms,
tools, advice or materials, and the requests citizen boxes send them.

Public schema only. A partner's e-mail address is where contact messages and requests go; it
is never shown on a page or in the API. Partner accounts are ``managers`` (people who edit the
entry and answer requests on the site); a request can also be answered through a signed link
without an account (partners/services.py).
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils.translation import gettext_lazy as _

NAME_MAX = 120
DESCRIPTION_MAX = 3000
WHAT_MAX = 2000
WHEN_MAX = 200
ANSWER_MAX = 2000


class Kind(models.TextChoices):
    ROOMS = "rooms", _("Räume")
    TOOLS = "tools", _("Werkzeug")
    ADVICE = "advice", _("Beratung")
    MATERIALS = "materials", _("Material")


class Partner(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("Name"), max_length=NAME_MAX)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(_("Beschreibung"), max_length=DESCRIPTION_MAX)
    kinds = ArrayField(
        models.CharField(max_length=12, choices=Kind.choices),
        verbose_name=_("Was es hier gibt"),
        default=list,
    )
    districts = models.ManyToManyField(
        "public_marketplace.District",
        verbose_name=_("Ortsteile"),
        related_name="partners",
    )
    address = models.CharField(_("Adresse"), max_length=200)
    opening_notes = models.TextField(_("Öffnungszeiten und Hinweise"), max_length=1000, blank=True)
    website = models.URLField(_("Website"), blank=True)
    # Where contact messages and requests are sent; never shown anywhere. Empty only after the
    # person whose address it was had it erased (partners/privacy.py): then nothing is sent.
    email = models.EmailField(_("E-Mail-Adresse (nicht öffentlich)"), blank=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Verwaltet von"),
        blank=True,
        related_name="managed_partners",
    )
    is_active = models.BooleanField(_("Im Verzeichnis sichtbar"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Partner vor Ort")
        verbose_name_plural = _("Partner vor Ort")
        ordering: ClassVar = ["name", "id"]
        indexes: ClassVar = [
            models.Index(fields=["is_active", "name"]),
            GinIndex(fields=["kinds"], name="partner_kinds_gin"),
        ]

    def __str__(self) -> str:
        return self.name

    def kind_labels(self) -> list[str]:
        labels = dict(Kind.choices)
        return [str(labels[kind]) for kind in self.kinds if kind in labels]


class RequestStatus(models.TextChoices):
    OPEN = "open", _("offen")
    ACCEPTED = "accepted", _("zugesagt")
    DECLINED = "declined", _("abgesagt")


class PartnerRequest(models.Model):
    """A box asks a partner for help: what it needs and when. The partner sees the box's name
    and this text, nothing about the people in the box."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="requests")
    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="partner_requests"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    what = models.TextField(_("Was braucht ihr?"), max_length=WHAT_MAX)
    when = models.CharField(_("Wann?"), max_length=WHEN_MAX)
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    answer = models.TextField(_("Antwort"), max_length=ANSWER_MAX, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # The partner's manager who answered on the site; empty for an answer through the link.
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Anfrage an einen Partner")
        verbose_name_plural = _("Anfragen an Partner")
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["workspace", "-created_at"]),
            models.Index(fields=["partner", "status", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.workspace_id} → {self.partner_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.OPEN

"""The one global identity: a person has one account across the network and every organisation."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from tenant_users.tenants.models import UserProfile


class User(UserProfile):  # type: ignore[django-manager-missing]  # tenant-users M2M
    """Global user in the public schema; roles per organisation live in each tenant schema."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    display_name = models.CharField(_("Anzeigename"), max_length=80, blank=True)
    date_joined = models.DateTimeField(auto_now_add=True)
    home_district = models.ForeignKey(
        "public_marketplace.District",
        verbose_name=_("Mein Stadtteil"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    preferred_language = models.CharField(
        _("Sprache"), max_length=8, choices=[("de", "Deutsch"), ("en", "English")], default="de"
    )
    # Set by moderation (moderation.services.block_user): a blocked person can still read, but
    # not post, comment, support or report (moderation.rules.ensure_can_participate).
    blocked_at = models.DateTimeField(_("Gesperrt seit"), null=True, blank=True)
    blocked_reason = models.TextField(_("Sperrgrund"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        indexes: ClassVar = [
            # Name search (`display_name__icontains` is UPPER(…) LIKE '%…%'): trigrams, so a
            # search reads the matching people instead of every account (pg_trgm).
            GinIndex(
                OpClass(Upper("display_name"), name="gin_trgm_ops"), name="user_display_name_trgm"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email.split("@", 1)[0]

    @property
    def name(self) -> str:
        """What others see: the chosen display name, never the e-mail address."""
        return self.display_name or _("Mitglied").__str__()


class LinkedSession(models.Model):
    """A session an organisation host started through the login bridge (accounts/bridge.py),
    linked to the root-domain session it came from: logging out on any of them, a password
    change and erasure end the root session and every session linked to it."""

    root_session_key = models.CharField(max_length=40, db_index=True)
    session_key = models.CharField(max_length=40, unique=True)
    host = models.CharField(max_length=253)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.host} ← {self.root_session_key[:6]}…"


class ErasureRecord(models.Model):
    """One erasure (accounts/privacy.py ``erase_person``), kept so that restoring an
    organisation's backup can erase the person again (tenants/backups.py). Only the account id
    and SHA-256 digests of the lower-cased addresses: never the address itself."""

    user_id = models.BigIntegerField(db_index=True)
    erased_at = models.DateTimeField(db_index=True)
    address_hashes = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"#{self.user_id} @ {self.erased_at:%Y-%m-%d %H:%M}"

"""Tenant-schema data of one organisation's intranet. Never reachable from another schema."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from tenants.models import ROLE_RANK, Role


class ContactVisibility(models.TextChoices):
    NOBODY = "nobody", _("Niemand")
    ADMINS = "admins", _("Admins")
    MEMBERS = "members", _("Alle Mitglieder")


class Membership(models.Model):
    """A person's membership and role in this organisation (lives in the organisation's schema).

    Party membership is special-category data (GDPR Art. 9), so the role and the membership
    details stay inside the organisation's own schema.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    role = models.CharField(_("Rolle"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    is_active = models.BooleanField(_("aktiv"), default=True)
    # The member's own entries in the directory; contact details only for whom they choose.
    function = models.CharField(_("Funktion"), max_length=120, blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    contact_email = models.EmailField(
        _("Kontakt-E-Mail"), blank=True, help_text=_("Leer = die Adresse deines Kontos")
    )
    contact_visibility = models.CharField(
        _("Kontaktdaten sichtbar für"),
        max_length=10,
        choices=ContactVisibility.choices,
        default=ContactVisibility.NOBODY,
    )
    # Deactivated: access paused by an admin, can be restored. Left: removed or gone by choice.
    deactivated_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        indexes: ClassVar = [
            # Search by function (`function__icontains`): trigrams (pg_trgm), see search.py.
            GinIndex(
                OpClass(Upper("function"), name="gin_trgm_ops"), name="membership_function_trgm"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"

    @property
    def is_former(self) -> bool:
        return not self.is_active

    def contact_visible_to(self, viewer: Membership | None) -> bool:
        """Whether ``viewer`` may see this member's contact details (as the member chose)."""
        if viewer is None or not viewer.is_active:
            return False
        if viewer.pk == self.pk:
            return True
        if self.contact_visibility == ContactVisibility.MEMBERS:
            return viewer.has_role(Role.MEMBER)
        if self.contact_visibility == ContactVisibility.ADMINS:
            return viewer.has_role(Role.ADMIN)
        return False

    def has_role(self, minimum: str) -> bool:
        return self.is_active and ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(minimum)]

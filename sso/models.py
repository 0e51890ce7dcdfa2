"""An organisation's OpenID Connect identity provider (public schema: logins happen before a
person is known, and users live there)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class IdentityProvider(models.Model):
    organisation = models.OneToOneField(
        "tenants.Organisation", on_delete=models.CASCADE, related_name="identity_provider"
    )
    name = models.CharField(_("Name des Anbieters"), max_length=60)
    issuer = models.URLField(_("Issuer-URL"), max_length=300)
    client_id = models.CharField(_("Client-ID"), max_length=255)
    # Fernet token (sso.services.seal); never shown again after saving.
    client_secret_sealed = models.TextField()
    allowed_domains = models.JSONField(_("Erlaubte E-Mail-Domains"), default=list)
    members_must_use_sso = models.BooleanField(_("Mitglieder müssen SSO nutzen"), default=False)
    add_new_members = models.BooleanField(_("Neue Personen als Mitglied aufnehmen"), default=False)
    is_enabled = models.BooleanField(_("Aktiv"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Identitätsanbieter")
        verbose_name_plural = _("Identitätsanbieter")

    def __str__(self) -> str:
        return self.name

    @property
    def provider_id(self) -> str:
        # One allauth sub-provider per organisation: SocialAccount rows are keyed by it, so the
        # same subject at two organisations' IdPs never points at the same account.
        return f"org-{self.organisation_id}"

    def allows_email(self, email: str) -> bool:
        domain = email.rpartition("@")[2].lower()
        return bool(domain) and domain in self.allowed_domains

"""Organisations (tenants), their domains and invitations. All of it lives in the public schema."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin
from tenant_users.tenants.models import TenantBase


class OrganisationKind(models.TextChoices):
    PARTY = "party", _("Partei")
    CHURCH = "church", _("Kirche")
    UNION = "union", _("Gewerkschaft")
    ASSOCIATION = "association", _("Verein / Verband")
    ADMINISTRATION = "administration", _("Verwaltung")
    OTHER = "other", _("Andere")
    PLATFORM = "platform", _("Plattform")  # the public network itself (the public tenant)


class OrganisationStatus(models.TextChoices):
    PROVISIONING = "provisioning", _("Wird eingerichtet")
    READY = "ready", _("Aktiv")
    FAILED = "failed", _("Einrichtung fehlgeschlagen")
    DEACTIVATED = "deactivated", _("Deaktiviert")


class Organisation(TenantBase):
    """A party, church, union, association or administration with its own intranet schema."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("Name"), max_length=120)
    kind = models.CharField(
        _("Art"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.OTHER
    )
    city = models.ForeignKey(
        "public_marketplace.City",
        verbose_name=_("Stadt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=OrganisationStatus.choices,
        default=OrganisationStatus.PROVISIONING,
        db_index=True,
    )
    provisioning_error = models.TextField(blank=True)
    require_two_factor = models.BooleanField(
        _("Zwei-Faktor-Anmeldung für Admins verlangen"),
        default=False,
        help_text=_(
            "Admins und Eigentümer:innen brauchen dann eine Authenticator-App oder "
            "einen Sicherheitsschlüssel."
        ),
    )
    # Branding (organisation settings): applied to the intranet's header through /branding.css.
    brand_colour = models.CharField(_("Farbe"), max_length=7, blank=True)
    logo = models.ImageField(_("Logo"), upload_to="logos/", blank=True)
    default_language = models.CharField(
        _("Standardsprache"),
        max_length=2,
        choices=[("de", "Deutsch"), ("en", "English")],
        default="de",
    )
    # Verification (ORG-1): a staff decision with its record; only then the badge shows.
    verified_at = models.DateTimeField(_("verifiziert am"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("verifiziert von"),
    )
    verification_note = models.TextField(_("Nachweis"), blank=True)
    verification_revoked_at = models.DateTimeField(null=True, blank=True)
    verification_revoked_reason = models.TextField(_("Grund des Widerrufs"), blank=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)
    purge_after = models.DateTimeField(null=True, blank=True)

    # The schema is made by the provisioning task, never as a side effect of save().
    auto_create_schema = False
    auto_drop_schema = True

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["slug"], condition=~models.Q(slug=""), name="organisation_slug_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_ready(self) -> bool:
        return self.status == OrganisationStatus.READY

    @property
    def is_public(self) -> bool:
        return self.schema_name == "public"

    def url(self, path: str = "/") -> str:
        if hasattr(self, "primary_host"):  # annotated by a list (organisations_of): no query
            host = self.primary_host
        else:
            domain = next((d for d in self.domains.all() if d.is_primary), None)
            host = domain.domain if domain else None
        return absolute_url(host or f"{self.slug}.{settings.BASE_DOMAIN}", path)

    @property
    def switch_url(self) -> str:
        """Link from the navigation: through the login bridge, so the session comes along."""
        from urllib.parse import urlencode

        return absolute_url(settings.BASE_DOMAIN, "/konto/weiter/?" + urlencode({"to": self.url()}))


def absolute_url(host: str, path: str = "/") -> str:
    port = f":{settings.BASE_PORT}" if settings.BASE_PORT else ""
    return f"{settings.BASE_URL_SCHEME}://{host}{port}{path}"


class Domain(DomainMixin):
    """A host name that serves one organisation (its subdomain or a verified custom domain)."""

    class Meta:
        verbose_name = _("Domain")
        verbose_name_plural = _("Domains")


class DomainClaimStatus(models.TextChoices):
    PENDING = "pending", _("wird geprüft")
    VERIFIED = "verified", _("bestätigt")
    FAILED = "failed", _("nicht bestätigt")


class DomainClaim(models.Model):
    """An organisation's own domain, waiting for proof of control by a DNS TXT record.

    Only a verified claim becomes a ``Domain`` that routes to the organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="domain_claims"
    )
    domain = models.CharField(_("Domain"), max_length=253)
    token = models.CharField(max_length=64)
    status = models.CharField(
        max_length=10, choices=DomainClaimStatus.choices, default=DomainClaimStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Domain-Anmeldung")
        verbose_name_plural = _("Domain-Anmeldungen")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["domain"],
                condition=~models.Q(status="failed"),
                name="domain_claim_open_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.domain} ({self.status})"

    @property
    def record_name(self) -> str:
        return f"_wecreate-challenge.{self.domain}"

    @property
    def record_value(self) -> str:
        return f"wecreate-verification={self.token}"


class Role(models.TextChoices):
    """Roles within one organisation, from least to most powerful."""

    GUEST = "guest", _("Gast")
    MEMBER = "member", _("Mitglied")
    ADMIN = "admin", _("Admin")
    OWNER = "owner", _("Eigentümer:in")


ROLE_RANK = {Role.GUEST: 0, Role.MEMBER: 1, Role.ADMIN: 2, Role.OWNER: 3}


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def open(self) -> InvitationQuerySet:
        """Invitations that can still be accepted: not accepted, not revoked, not expired."""
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """An e-mail invitation into an organisation. The token is stored only as a hash."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("E-Mail"))
    role = models.CharField(_("Rolle"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        indexes: ClassVar = [models.Index(fields=["organisation", "email"])]

    def __str__(self) -> str:
        return f"{self.organisation} ← {self.role}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class SchemaMigrationState(models.Model):
    """Per-schema migration bookkeeping, so deploys skip current schemas and resume after a stop."""

    schema_name = models.CharField(max_length=63, unique=True)
    fingerprint = models.CharField(max_length=64)
    status = models.CharField(max_length=12, default="current")  # current | running | failed
    error = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Schema-Migrationsstand")

    def __str__(self) -> str:
        return f"{self.schema_name}: {self.status}"

"""Plans, billing accounts, received Stripe events and the billing log (all in the public schema).

Stripe is the source of truth for subscriptions; a BillingAccount is our copy of it, refreshed
from Stripe by webhooks and by the reconciliation task (billing/services/).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from tenants.models import Organisation

FREE_PLAN_SLUG = "free"


class Feature(models.TextChoices):
    """Features a plan can unlock in the intranet (the core intranet is always included)."""

    DECISIONS = "decisions", _("Beschlüsse")
    CUSTOM_DOMAIN = "custom_domain", _("Eigene Domain")
    SINGLE_SIGN_ON = "single_sign_on", _("Single Sign-on")
    API_ACCESS = "api_access", _("API-Zugang")


class Interval(models.TextChoices):
    MONTH = "month", _("monatlich")
    YEAR = "year", _("jährlich")


class SubscriptionStatus(models.TextChoices):
    NONE = "none", _("Kein Abonnement")
    TRIALING = "trialing", _("Testphase")
    ACTIVE = "active", _("Aktiv")
    PAST_DUE = "past_due", _("Zahlung überfällig")
    CANCELED = "canceled", _("Gekündigt")
    UNPAID = "unpaid", _("Unbezahlt")
    INCOMPLETE = "incomplete", _("Unvollständig")


# The default plans' names and descriptions (billing/catalog.py stores them in German): marked
# for translation here, so a plan still named as in the catalogue reads in the page's language;
# a plan staff renamed in the admin keeps its own words.
PLAN_TEXT: dict[str, tuple[str, str]] = {
    FREE_PLAN_SLUG: (
        gettext_noop("Kostenlos"),
        gettext_noop("Das Intranet für kleine Gruppen: Feed, Gruppen, Termine, Dokumente."),
    ),
    "verein": (
        gettext_noop("Verein"),
        gettext_noop("Für Vereine und Initiativen: Diskussionen, Anträge und Beschlüsse."),
    ),
    "partei": (
        gettext_noop("Partei / Profi"),
        gettext_noop("Für Parteien und Verbände: alle Funktionen, eigene Domain, Single Sign-on."),
    ),
    "pro-mitglied": (
        gettext_noop("Pro Mitglied"),
        gettext_noop("Alle Funktionen, abgerechnet je aktivem Mitglied."),
    ),
}


class Plan(models.Model):
    """A plan as data: platform staff edit it in the admin; sync_stripe_catalog mirrors it."""

    slug = models.SlugField(_("Kürzel"), max_length=40, unique=True)
    name = models.CharField(_("Name"), max_length=80)
    description = models.TextField(_("Beschreibung"), blank=True)
    features = models.JSONField(
        _("Funktionen"),
        default=list,
        blank=True,
        help_text=_("Liste aus: decisions, custom_domain, single_sign_on, api_access"),
    )
    member_limit = models.PositiveIntegerField(
        _("Höchstzahl Mitglieder"), null=True, blank=True, help_text=_("Leer = unbegrenzt")
    )
    storage_mb = models.PositiveIntegerField(_("Speicher (MB)"), default=1024)
    price_monthly_cents = models.PositiveIntegerField(_("Preis monatlich (Cent)"), default=0)
    price_yearly_cents = models.PositiveIntegerField(_("Preis jährlich (Cent)"), default=0)
    currency = models.CharField(_("Währung"), max_length=3, default="eur", editable=False)
    per_seat = models.BooleanField(
        _("Preis pro Mitglied"), default=False, help_text=_("Der Preis gilt je aktivem Mitglied.")
    )
    is_public = models.BooleanField(_("Öffentlich wählbar"), default=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    stripe_product_id = models.CharField(max_length=255, blank=True)
    stripe_price_monthly_id = models.CharField(max_length=255, blank=True, db_index=True)
    stripe_price_yearly_id = models.CharField(max_length=255, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Tarif")
        verbose_name_plural = _("Tarife")
        ordering: ClassVar = ["position", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not isinstance(self.features, list) or not set(self.features) <= set(Feature.values):
            raise ValidationError(
                {
                    "features": _("Unbekannte Funktion. Erlaubt: %(values)s")
                    % {"values": ", ".join(Feature.values)}
                }
            )

    @property
    def display_name(self) -> str:
        """The name people see, in their language while it is the catalogue's."""
        default = PLAN_TEXT.get(self.slug)
        return gettext(default[0]) if default and self.name == default[0] else self.name

    @property
    def display_description(self) -> str:
        default = PLAN_TEXT.get(self.slug)
        if default and self.description == default[1]:
            return gettext(default[1])
        return self.description

    @property
    def is_free(self) -> bool:
        return self.price_monthly_cents == 0 and self.price_yearly_cents == 0

    def price_cents(self, interval: str) -> int:
        return self.price_yearly_cents if interval == Interval.YEAR else self.price_monthly_cents

    def stripe_price_id(self, interval: str) -> str:
        return (
            self.stripe_price_yearly_id
            if interval == Interval.YEAR
            else self.stripe_price_monthly_id
        )


class BillingAccount(models.Model):
    """One per organisation: its Stripe customer and our copy of its subscription's state."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="billing_account"
    )
    # The subscribed plan. After a cancellation it stays the last paid plan, so that what
    # exceeds the free plan can still be shown read-only (entitlements.py).
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, null=True, blank=True, related_name="accounts"
    )
    interval = models.CharField(
        _("Abrechnung"), max_length=5, choices=Interval.choices, default=Interval.MONTH
    )
    status = models.CharField(
        _("Status"),
        max_length=12,
        choices=SubscriptionStatus.choices,
        default=SubscriptionStatus.NONE,
        db_index=True,
    )
    seats = models.PositiveIntegerField(_("Plätze"), default=1)
    current_period_end = models.DateTimeField(null=True, blank=True)
    cancel_at_period_end = models.BooleanField(default=False)
    grace_until = models.DateTimeField(_("Schonfrist bis"), null=True, blank=True)
    stripe_customer_id = models.CharField(max_length=255, blank=True)
    stripe_subscription_id = models.CharField(max_length=255, blank=True, db_index=True)
    billing_email = models.EmailField(_("Rechnungs-E-Mail"), blank=True)
    billing_name = models.CharField(_("Rechnungsempfänger"), max_length=200, blank=True)
    address_line1 = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    address_line2 = models.CharField(_("Adresszusatz"), max_length=200, blank=True)
    postal_code = models.CharField(_("Postleitzahl"), max_length=20, blank=True)
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    country = models.CharField(_("Land"), max_length=2, default="DE")
    vat_id = models.CharField(_("USt-IdNr."), max_length=20, blank=True)
    # Bumped after each write we make to the subscription; part of the idempotency key, so a
    # retry of the same write reuses its key and a later, new write gets a fresh one.
    write_revision = models.PositiveIntegerField(default=0)
    last_synced_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Abrechnungskonto")
        verbose_name_plural = _("Abrechnungskonten")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["stripe_customer_id"],
                condition=~models.Q(stripe_customer_id=""),
                name="billing_account_customer_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.status}"

    def address(self) -> dict[str, str]:
        return {
            "line1": self.address_line1,
            "line2": self.address_line2,
            "postal_code": self.postal_code,
            "city": self.city,
            "country": self.country,
        }


class StripeEvent(models.Model):
    """A webhook event, stored once by Stripe's id before it is processed (at-least-once)."""

    stripe_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100, db_index=True)
    created = models.DateTimeField(help_text=_("Zeitpunkt laut Stripe"))
    livemode = models.BooleanField(default=False)
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("Stripe-Ereignis")
        verbose_name_plural = _("Stripe-Ereignisse")
        indexes: ClassVar = [
            models.Index(
                fields=["received_at"],
                condition=models.Q(processed_at__isnull=True),
                name="stripe_event_unprocessed",
            )
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.stripe_id}"


class BillingLog(models.Model):
    """Append-only record of every change to a billing account: what, from where, and why."""

    class Source(models.TextChoices):
        WEBHOOK = "webhook", _("Stripe-Ereignis")
        RECONCILIATION = "reconciliation", _("Abgleich")
        USER = "user", _("Organisation")
        SEAT_SYNC = "seat_sync", _("Plätze")
        STAFF = "staff", _("Plattform-Team")

    account = models.ForeignKey(BillingAccount, on_delete=models.CASCADE, related_name="log")
    source = models.CharField(max_length=20, choices=Source.choices)
    stripe_event_id = models.CharField(max_length=255, blank=True)
    changes = models.JSONField(default=dict, blank=True)  # {field: [old, new]}
    message = models.TextField(blank=True)
    acting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("Abrechnungsprotokoll")
        verbose_name_plural = _("Abrechnungsprotokoll")
        ordering: ClassVar = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.account_id} {self.source} {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("The billing log is append-only.")
        super().save(*args, **kwargs)

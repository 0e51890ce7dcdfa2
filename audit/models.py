"""An organisation's audit log and its support-access grants (both in the organisation's schema).

The log is append-only: the model refuses updates and deletes, and a trigger (migration 0002)
refuses them in PostgreSQL too, for raw SQL as well. The one change allowed is erasure's: the
person fields (actor, target person) may be set to NULL, nothing else (docs/privacy.md).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenants.models import Role


class AppendOnly(Exception):
    """Raised when code tries to change or delete an audit entry."""


class Action(models.TextChoices):
    ROLE_CHANGED = "member.role_changed", _("Rolle geändert")
    MEMBER_REMOVED = "member.removed", _("Mitglied entfernt")
    MEMBER_DEACTIVATED = "member.deactivated", _("Mitglied deaktiviert")
    MEMBER_REACTIVATED = "member.reactivated", _("Mitglied reaktiviert")
    INVITATION_SENT = "invitation.sent", _("Einladung verschickt")
    INVITATION_ACCEPTED = "invitation.accepted", _("Einladung angenommen")
    INVITATION_REVOKED = "invitation.revoked", _("Einladung zurückgezogen")
    PERSON_DATA_EXPORTED = "data.person_exported", _("Eigene Daten heruntergeladen")
    AUDIT_EXPORTED = "audit.exported", _("Protokoll exportiert")
    DOMAIN_CLAIMED = "domain.claimed", _("Domain angemeldet")
    DOMAIN_VERIFIED = "domain.verified", _("Domain bestätigt")
    DOMAIN_REMOVED = "domain.removed", _("Domain entfernt")
    DOMAIN_LAPSED = "domain.lapsed", _("Domain nicht mehr bestätigt")
    SETTINGS_CHANGED = "settings.changed", _("Name oder Erscheinungsbild geändert")
    TWO_FACTOR_CHANGED = "settings.two_factor", _("Zwei-Faktor-Pflicht geändert")
    ORGANISATION_DEACTIVATED = "organisation.deactivated", _("Organisation deaktiviert")
    ORGANISATION_REACTIVATED = "organisation.reactivated", _("Organisation reaktiviert")
    PLAN_CHANGED = "billing.plan_changed", _("Tarif geändert")
    SUPPORT_GRANTED = "support.granted", _("Support-Zugang gewährt")
    SUPPORT_REVOKED = "support.revoked", _("Support-Zugang beendet")
    SUPPORT_ACCESS = "support.access", _("Zugriff durch den Plattform-Support")
    COMMENT_HIDDEN = "comment.hidden", _("Kommentar verborgen")
    COMMENT_RESTORED = "comment.restored", _("Kommentar wiederhergestellt")
    REPORT_DISMISSED = "report.dismissed", _("Meldung verworfen")
    SSO_CHANGED = "settings.sso", _("Single Sign-on geändert")
    ORGANISATION_VERIFIED = "organisation.verified", _("Organisation verifiziert")
    VERIFICATION_REVOKED = "organisation.verification_revoked", _("Verifizierung widerrufen")


class ActorKind(models.TextChoices):
    PERSON = "person", _("Person")
    STAFF = "staff", _("Plattform-Support")
    SYSTEM = "system", _("System")


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnly("audit entries cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly("audit entries cannot be deleted")

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise AppendOnly("audit entries cannot be changed")

    def forget_person(self, user_id: int) -> int:
        """Erasure: the entries stay, the person's link goes (the trigger allows only this)."""
        unlink = models.QuerySet.update
        changed = unlink(self.filter(actor_id=user_id), actor_id=None)
        changed += unlink(self.filter(target_user_id=user_id), target_user_id=None)
        return changed


class AuditEntry(models.Model):
    """One thing that happened in the organisation: when, who, what, to what.

    Names are not stored: the page shows the current name of the account, and an erased
    account leaves the entry without anyone ("gelöschtes Konto"). ``details`` holds codes,
    counts and field names, never names or e-mail addresses.
    """

    at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wer"),
    )
    # Who acted, kept after erasure: a person, platform staff from outside (support access, the
    # admin) or the system (a scheduled job, a Stripe event).
    actor_kind = models.CharField(max_length=10, choices=ActorKind.choices, default="system")
    action = models.CharField(_("Aktion"), max_length=40, choices=Action.choices)
    # What was acted on: a person (target_user), or a kind and an id (invitation, domain …).
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    target_type = models.CharField(max_length=20, blank=True)
    target_id = models.CharField(max_length=255, blank=True)
    details = models.JSONField(default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokoll")
        ordering: ClassVar = ["-id"]
        indexes: ClassVar = [models.Index(fields=["action", "-id"], name="audit_action_id")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or kwargs.get("force_update") or kwargs.get("update_fields"):
            raise AppendOnly("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("audit entries cannot be deleted")


class SupportGrant(models.Model):
    """An owner lets platform staff read the intranet for a few hours, with a reason.

    While valid (not revoked, not expired) staff may make GET requests with the chosen role's
    view; every request is logged (docs/security.md AUTH-8).
    """

    ROLES: ClassVar = [(Role.MEMBER, _("wie ein Mitglied")), (Role.ADMIN, _("wie ein Admin"))]

    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    role = models.CharField(_("Sicht"), max_length=10, choices=ROLES, default=Role.MEMBER)
    reason = models.CharField(_("Anlass"), max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Support-Zugang")
        verbose_name_plural = _("Support-Zugänge")
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return f"support grant until {self.expires_at:%Y-%m-%d %H:%M}"

    def is_valid(self, now: Any = None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())

"""The audit log's one way in (``record``) and the support-access grants.

Services call ``record`` where a change happens, inside their own transaction, so an entry
exists exactly when the change does (docs/security.md LOG-2).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context
from psycopg import sql

from accounts.models import User
from audit.models import Action, ActorKind, AuditEntry, SupportGrant
from tenants.db import connection
from tenants.models import Organisation, Role

__all__ = ["Action", "record"]

logger = logging.getLogger(__name__)

SUPPORT_HOURS = (1, 72)
Target = User | models.Model | tuple[str, str] | None


def record(
    *,
    organisation: Organisation | None,
    action: str,
    actor: Any = None,
    target: Target = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry | None:
    """Append one entry to the organisation's log (in its schema, whatever the caller's schema).

    ``target`` is a person (``User``), a model instance (kind and id are stored) or a
    ``(kind, id)`` pair such as ``("domain", "example.org")``. ``details``: codes, counts and
    field names only, no names or e-mail addresses.
    """
    if organisation is None or organisation.schema_name == get_public_schema_name():
        return None
    if action not in Action.values:
        raise ValueError(f"unknown audit action {action!r}")
    entry = AuditEntry(action=action, details=details or {})
    if actor is not None and getattr(actor, "is_authenticated", False):
        entry.actor_id, entry.actor_kind = actor.pk, ActorKind.PERSON
    if isinstance(target, User):
        entry.target_user_id, entry.target_type = target.pk, "user"
    elif isinstance(target, models.Model):
        entry.target_type, entry.target_id = target._meta.model_name or "", str(target.pk)
    elif target is not None:
        entry.target_type, entry.target_id = target[0], str(target[1])[:255]
    with schema_context(organisation.schema_name):
        if entry.actor_id is not None:
            from intranet.models import Membership

            member = Membership.objects.filter(user_id=actor.pk, is_active=True).exists()
            if not member and is_platform_staff(actor.pk):
                # Platform staff acting from outside (support access, the admin).
                entry.actor_kind = ActorKind.STAFF
        entry.save()
    return entry


def is_platform_staff(user_id: int) -> bool:
    """Staff of the platform: ``is_staff`` in the public schema. django-tenant-users'
    ``user.is_staff`` answers for the current schema, so inside an organisation it would say
    False; one query on the public table instead of switching schemas twice."""
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL(
                "SELECT 1 FROM {} p JOIN {} u ON u.id = p.profile_id"
                " WHERE p.profile_id = %s AND p.is_staff AND u.is_active"
            ).format(
                sql.Identifier(get_public_schema_name(), "permissions_usertenantpermissions"),
                sql.Identifier(get_public_schema_name(), User._meta.db_table),
            ),
            [user_id],
        )
        return cursor.fetchone() is not None


def changed_fields(instance: models.Model, **new: Any) -> list[str]:
    """The names among ``new`` whose value differs from the instance's (for ``details``)."""
    return [name for name, value in new.items() if getattr(instance, name) != value]


# --- Support access (docs/security.md AUTH-8) -----------------------------------------------


class SupportAccessError(Exception):
    pass


def _require_owner(organisation: Organisation, user: User) -> None:
    from tenants.roles import require_role

    require_role(organisation=organisation, user=user, minimum=Role.OWNER)


def grant_support_access(
    *, organisation: Organisation, acting_user: User, hours: int, reason: str, role: str
) -> SupportGrant:
    """An owner lets platform staff read the intranet for ``hours`` (1 to 72)."""
    from tenants.roles import OrganisationError

    _require_owner(organisation, acting_user)
    reason = (reason or "").strip()
    if not SUPPORT_HOURS[0] <= hours <= SUPPORT_HOURS[1]:
        raise OrganisationError(_("Bitte wähle 1 bis 72 Stunden."), field="hours")
    if not 3 <= len(reason) <= 200:
        raise OrganisationError(_("Bitte nenne den Anlass in 3 bis 200 Zeichen."), field="reason")
    if role not in (Role.MEMBER, Role.ADMIN):
        raise OrganisationError(_("Unbekannte Auswahl."), field="role")
    with schema_context(organisation.schema_name), transaction.atomic():
        if valid_grant() is not None:
            raise OrganisationError(
                _("Es gibt schon einen gültigen Support-Zugang. Beende ihn zuerst."),
                field="hours",
            )
        grant = SupportGrant.objects.create(
            granted_by=acting_user,
            role=role,
            reason=reason,
            expires_at=timezone.now() + timedelta(hours=hours),
        )
        record(
            organisation=organisation,
            action=Action.SUPPORT_GRANTED,
            actor=acting_user,
            target=grant,
            details={"hours": hours, "role": role},
        )
    return grant


def revoke_support_access(
    *, organisation: Organisation, acting_user: User, grant_id: int
) -> SupportGrant:
    from tenants.roles import OrganisationError

    _require_owner(organisation, acting_user)
    with schema_context(organisation.schema_name), transaction.atomic():
        grant = SupportGrant.objects.select_for_update().filter(pk=grant_id).first()
        if grant is None:
            raise OrganisationError(_("Diesen Support-Zugang gibt es nicht."), code="not_found")
        if not grant.is_valid():
            return grant  # already over: nothing to end
        grant.revoked_at, grant.revoked_by = timezone.now(), acting_user
        grant.save(update_fields=["revoked_at", "revoked_by"])
        record(
            organisation=organisation,
            action=Action.SUPPORT_REVOKED,
            actor=acting_user,
            target=grant,
        )
    return grant


def valid_grant() -> SupportGrant | None:
    """The support grant valid now in the current schema, if any."""
    return (
        SupportGrant.objects.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .first()
    )


def support_membership(request: HttpRequest) -> Any:
    """For staff under a valid grant (set by the middleware): an unsaved membership with the
    grant's role, so every page's own permission check applies unchanged. None otherwise."""
    grant = getattr(request, "support_grant", None)
    if grant is None:
        return None
    from intranet.models import Membership

    return Membership(user=request.user, role=grant.role, is_active=True)  # type: ignore[misc]

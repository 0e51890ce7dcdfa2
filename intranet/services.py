"""Membership and roles inside one organisation's schema. The membership is the authority;
the django-tenant-users link follows it (intranet/membership_link.py)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from accounts.models import User
from audit.services import Action, record
from billing.entitlements import require_seats
from billing.services.seats import schedule_seat_sync
from intranet.membership_link import sync_link
from intranet.models import ContactVisibility, Membership
from tenants.models import Organisation, Role
from tenants.roles import OrganisationError, require_role


def add_member(*, organisation: Organisation, user: User, role: str) -> Membership:
    """Make ``user`` a member with ``role``; re-activates a former member. Idempotent."""
    if role not in Role.values:
        raise OrganisationError(_("Unbekannte Rolle."), field="role")
    with schema_context(organisation.schema_name), transaction.atomic():
        if role != Role.GUEST and not _counted_member(user):
            require_seats(organisation)
        membership, _created = Membership.objects.update_or_create(
            user=user,
            defaults={"role": role, "is_active": True, "deactivated_at": None, "left_at": None},
        )
        sync_link(organisation, user)
    schedule_seat_sync(organisation)  # per-seat plans follow the number of active members
    return membership


def _counted_member(user: User) -> bool:
    return Membership.objects.filter(user=user, is_active=True).exclude(role=Role.GUEST).exists()


def change_role(
    *, organisation: Organisation, user: User, role: str, acting_user: User
) -> Membership:
    require_role(organisation=organisation, user=acting_user, minimum=Role.ADMIN)
    if role not in Role.values:
        raise OrganisationError(_("Unbekannte Rolle."), field="role")
    with schema_context(organisation.schema_name), transaction.atomic():
        membership = Membership.objects.select_for_update().filter(user=user).first()
        if membership is None:
            raise OrganisationError(_("Diese Person ist kein Mitglied."), code="not_found")
        if membership.role == Role.OWNER or role == Role.OWNER:
            raise OrganisationError(_("Die Eigentümerschaft wird gesondert übertragen."))
        if role == Role.ADMIN and not acting_user_is_owner(organisation, acting_user):
            raise OrganisationError(_("Nur Eigentümer:innen ernennen Admins."), code="forbidden")
        record(
            organisation=organisation,
            action=Action.ROLE_CHANGED,
            actor=acting_user,
            target=user,
            details={"from": membership.role, "to": role},
        )
        membership.role = role
        membership.save(update_fields=["role", "updated_at"])
        return membership


def acting_user_is_owner(organisation: Organisation, user: User) -> bool:
    with schema_context(organisation.schema_name):
        return Membership.objects.filter(user=user, role=Role.OWNER, is_active=True).exists()


def remove_member(*, organisation: Organisation, user: User, acting_user: User) -> None:
    """Take a person out of the organisation; access ends with their next request."""
    if acting_user.pk != user.pk:
        require_role(organisation=organisation, user=acting_user, minimum=Role.ADMIN)
    with schema_context(organisation.schema_name), transaction.atomic():
        membership = Membership.objects.select_for_update().filter(user=user).first()
        if membership is None:
            raise OrganisationError(_("Diese Person ist kein Mitglied."), code="not_found")
        if membership.role == Role.OWNER:
            raise OrganisationError(_("Eigentümer:innen können nicht entfernt werden."))
        membership.is_active = False
        membership.left_at = timezone.now()
        membership.save(update_fields=["is_active", "left_at", "updated_at"])
        record(
            organisation=organisation,
            action=Action.MEMBER_REMOVED,
            actor=acting_user,
            target=user,
            details={"left": acting_user.pk == user.pk},
        )
        sync_link(organisation, user)
    schedule_seat_sync(organisation)


def set_active(
    *, organisation: Organisation, user: User, active: bool, acting_user: User
) -> Membership:
    """Deactivate (access paused, content and membership kept) or reactivate a member."""
    require_role(organisation=organisation, user=acting_user, minimum=Role.ADMIN)
    if user.pk == acting_user.pk:
        raise OrganisationError(_("Du kannst dich nicht selbst deaktivieren."))
    with schema_context(organisation.schema_name), transaction.atomic():
        membership = Membership.objects.select_for_update().filter(user=user).first()
        if membership is None or membership.left_at is not None:
            raise OrganisationError(_("Diese Person ist kein Mitglied."), code="not_found")
        if membership.role == Role.OWNER:
            raise OrganisationError(_("Eigentümer:innen können nicht deaktiviert werden."))
        if active and not membership.is_active and membership.role != Role.GUEST:
            require_seats(organisation)
        membership.is_active = active
        membership.deactivated_at = None if active else timezone.now()
        membership.save(update_fields=["is_active", "deactivated_at", "updated_at"])
        sync_link(organisation, user)
        record(
            organisation=organisation,
            action=Action.MEMBER_REACTIVATED if active else Action.MEMBER_DEACTIVATED,
            actor=acting_user,
            target=user,
        )
    schedule_seat_sync(organisation)
    return membership


def update_profile(
    *,
    organisation: Organisation,
    user: User,
    function: str,
    phone: str,
    contact_email: str,
    contact_visibility: str,
) -> Membership:
    """A member edits their own directory entry; nobody else can."""
    if contact_visibility not in ContactVisibility.values:
        raise OrganisationError(_("Unbekannte Auswahl."), field="contact_visibility")
    with schema_context(organisation.schema_name), transaction.atomic():
        membership = (
            Membership.objects.select_for_update().filter(user=user, is_active=True).first()
        )
        if membership is None:
            raise OrganisationError(_("Diese Person ist kein Mitglied."), code="not_found")
        membership.function = function.strip()[:120]
        membership.phone = phone.strip()[:40]
        membership.contact_email = contact_email.strip()
        membership.contact_visibility = contact_visibility
        membership.save()
    return membership

"""Organisation lifecycle: registration, provisioning, domains, invitations, deactivation, purge.

Every state change is one keyword-only, transactional function, called alike by web views,
the API, the admin, management commands and Celery tasks.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context, schema_exists
from psycopg import sql

from accounts.models import User
from audit.services import Action, record
from config import jobs
from tenants.db import connection
from tenants.models import (
    ROLE_RANK,
    Domain,
    Invitation,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Role,
    SchemaMigrationState,
)
from tenants.roles import InvitationError, OrganisationError, require_role, role_of
from tenants.routing import forget_organisation
from tenants.signals import organisation_purged

logger = logging.getLogger(__name__)

# Host labels that must never become an organisation's subdomain.
RESERVED_SLUGS = frozenset(
    [
        "www",
        "api",
        "admin",
        "static",
        "media",
        "mail",
        "smtp",
        "imap",
        "pop",
        "ftp",
        "app",
        "apps",
        "assets",
        "cdn",
        "auth",
        "login",
        "logout",
        "account",
        "accounts",
        "signup",
        "register",
        "help",
        "support",
        "status",
        "docs",
        "blog",
        "news",
        "dev",
        "test",
        "staging",
        "public",
        "root",
        "system",
        "platform",
        "billing",
        "stripe",
        "webhook",
        "webhooks",
        "intern",
        "internal",
        "wecreate",
        "netzwerk",
        "leipzig",
        "meissen",
        "org",
        "orgs",
        "organisation",
        "organisationen",
        "tenant",
        "tenants",
        "template",
    ]
)
SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9-]{1,38}[a-z0-9]$")
DOMAIN_PATTERN = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


# --- Validation ---------------------------------------------------------------------------


def normalise_slug(slug: str) -> str:
    slug = (slug or "").strip().lower()
    if not SLUG_PATTERN.match(slug) or "--" in slug:
        raise OrganisationError(
            _(
                "Die Adresse darf 3 bis 40 Zeichen lang sein: Kleinbuchstaben, Ziffern und "
                "Bindestriche, beginnend mit einem Buchstaben."
            ),
            field="slug",
        )
    if slug in RESERVED_SLUGS:
        raise OrganisationError(
            _("Die Adresse „%(slug)s“ ist reserviert.") % {"slug": slug},
            field="slug",
            code="reserved",
        )
    if (
        Organisation.objects.filter(slug=slug).exists()
        or Domain.objects.filter(domain=subdomain_for(slug)).exists()
    ):
        raise OrganisationError(
            _("Die Adresse „%(slug)s“ ist bereits vergeben.") % {"slug": slug},
            field="slug",
            code="taken",
        )
    return slug


def subdomain_for(slug: str) -> str:
    return f"{slug}.{settings.BASE_DOMAIN}"


def schema_name_for(slug: str) -> str:
    return "org_" + slug.replace("-", "_")


def normalise_custom_domain(domain: str) -> str:
    domain = (domain or "").strip().lower().rstrip(".")
    if not DOMAIN_PATTERN.match(domain):
        raise OrganisationError(_("Das ist kein gültiger Domainname."), field="domain")
    base = settings.BASE_DOMAIN
    if domain == base or domain.endswith("." + base):
        raise OrganisationError(
            _("Subdomains von %(base)s werden automatisch vergeben.") % {"base": base},
            field="domain",
            code="reserved",
        )
    if domain.split(".", 1)[0] in RESERVED_SLUGS - {"www"}:
        raise OrganisationError(_("Dieser Domainname ist reserviert."), field="domain")
    if Domain.objects.filter(domain=domain).exists():
        raise OrganisationError(_("Diese Domain ist bereits vergeben."), field="domain")
    return domain


# --- Registration and provisioning ---------------------------------------------------------


@transaction.atomic
def register_organisation(
    *,
    name: str,
    slug: str,
    owner: User,
    kind: str = OrganisationKind.OTHER,
    city_id: int | None = None,
    enqueue: bool = True,
) -> Organisation:
    """Record a new organisation and queue the creation of its schema.

    Answers at once: the organisation is ``provisioning`` until the task has made its schema,
    and nothing (requests, scheduled jobs) enters a schema before it is ``ready``.
    """
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise OrganisationError(_("Bitte gib einen Namen mit bis zu 120 Zeichen an."), field="name")
    if kind not in OrganisationKind.values or kind == OrganisationKind.PLATFORM:
        raise OrganisationError(_("Unbekannte Art der Organisation."), field="kind")
    if not owner.is_active:
        raise OrganisationError(_("Dieses Konto ist deaktiviert."), field="owner")
    slug = normalise_slug(slug)
    organisation = Organisation.objects.create(
        name=name,
        slug=slug,
        kind=kind,
        city_id=city_id,
        owner=owner,
        schema_name=schema_name_for(slug),
        status=OrganisationStatus.PROVISIONING,
    )
    Domain.objects.create(domain=subdomain_for(slug), tenant=organisation, is_primary=True)
    if enqueue:  # False: the caller provisions in its own process (seeding, commands)
        jobs.enqueue("tenants.tasks.provision_organisation_task", organisation.pk)
    logger.info("organisation registered", extra={"organisation_id": organisation.pk})
    return organisation


def provision_organisation(*, organisation_id: int) -> Organisation:
    """Create the organisation's schema and make its owner a member. Safe to re-run.

    django-tenant-users' own provisioning is not atomic (its issue #690); here a failure drops
    whatever schema was made and marks the organisation ``failed``, so a retry starts clean.
    """
    connection.set_schema_to_public()
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
        if organisation.status != OrganisationStatus.PROVISIONING:
            return organisation
    try:
        ensure_template_schema()
        if schema_exists(organisation.schema_name):
            _drop_schema(organisation.schema_name)  # a half-made schema from a killed worker
        organisation.create_schema(check_if_exists=False, verbosity=0)
        if settings.TENANT_PROVISIONING_MODE == "clone":
            copy_statistics_targets(settings.TENANT_BASE_SCHEMA, organisation.schema_name)
        from intranet.services import add_member

        add_member(organisation=organisation, user=organisation.owner, role=Role.OWNER)
        connection.set_schema_to_public()
        from tenants.migration_state import mark_current

        mark_current(organisation.schema_name)
    except Exception as exc:
        connection.set_schema_to_public()
        _drop_schema(organisation.schema_name)
        update_organisation_row(
            organisation.pk, status=OrganisationStatus.FAILED, provisioning_error=str(exc)[:2000]
        )
        logger.exception("provisioning failed", extra={"organisation_id": organisation.pk})
        raise
    connection.set_schema_to_public()
    update_organisation_row(organisation.pk, status=OrganisationStatus.READY, provisioning_error="")
    organisation.refresh_from_db()
    logger.info("organisation ready", extra={"organisation_id": organisation.pk})
    return organisation


@transaction.atomic
def retry_provisioning(*, organisation: Organisation) -> Organisation:
    if organisation.status != OrganisationStatus.FAILED:
        raise OrganisationError(_("Nur fehlgeschlagene Einrichtungen können wiederholt werden."))
    update_organisation_row(organisation.pk, status=OrganisationStatus.PROVISIONING)
    jobs.enqueue("tenants.tasks.provision_organisation_task", organisation.pk)
    organisation.refresh_from_db()
    return organisation


# pg_advisory_xact_lock key: one process at a time brings the template schema up to date.
TEMPLATE_LOCK = 7_310_001


def ensure_template_schema() -> None:
    """The prepared, fully migrated empty schema that new organisations are cloned from.

    A clone of a stale template would be recorded as fully migrated (django-tenants fakes the
    migrations after cloning), so the template must carry the current migrations' fingerprint.
    """
    if settings.TENANT_PROVISIONING_MODE != "clone":
        return
    from tenants.migration_state import mark_current, tenant_migrations_fingerprint

    template = settings.TENANT_BASE_SCHEMA
    fingerprint = tenant_migrations_fingerprint()

    def current() -> bool:
        return (
            schema_exists(template)
            and SchemaMigrationState.objects.filter(
                schema_name=template, fingerprint=fingerprint, status="current"
            ).exists()
        )

    if current():
        return
    from django.core.management import call_command

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [TEMPLATE_LOCK])
        if current():  # another process finished it while we waited
            return
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA IF NOT EXISTS "{template}"')
        call_command(
            "migrate_schemas", schema_name=template, tenant=True, interactive=False, verbosity=0
        )
        connection.set_schema_to_public()
        mark_current(template, fingerprint)


def copy_statistics_targets(source: str, target: str) -> None:
    """Give the indexes of ``target`` the planner statistics targets set on ``source``'s.

    django-tenants' CloneSchema copies index definitions, but not a column's statistics target
    (``ALTER INDEX … SET STATISTICS``, as workspaces/0003 sets for the post search). Without it
    PostgreSQL misjudges rare words and a search reads every post (2.2 s at 200,000 posts,
    docs/benchmarks-intranet.md)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, a.attnum, a.attstattarget
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = %s AND c.relkind = 'i' AND a.attstattarget > 0
            """,
            [source],
        )
        for index, column, statistics in cursor.fetchall():
            cursor.execute(
                sql.SQL("ALTER INDEX {} ALTER COLUMN {} SET STATISTICS {}").format(
                    sql.Identifier(target, index), sql.Literal(column), sql.Literal(statistics)
                )
            )


def _drop_schema(schema_name: str) -> None:
    if schema_name == get_public_schema_name() or not schema_name.startswith("org_"):
        raise ValueError(f"refusing to drop schema {schema_name!r}")
    with connection.cursor() as cursor:
        # Deferred FK checks queued earlier in this transaction would block the DROP.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f'DROP SCHEMA IF EXISTS "{schema_name}" CASCADE')


# --- Domains ------------------------------------------------------------------------------


@transaction.atomic
def add_custom_domain(*, organisation: Organisation, domain: str, acting_user: User) -> Domain:
    require_role(organisation=organisation, user=acting_user, minimum=Role.OWNER)
    domain = normalise_custom_domain(domain)
    record(
        organisation=organisation,
        action=Action.DOMAIN_VERIFIED,
        actor=acting_user,
        target=("domain", domain),
    )
    return Domain.objects.create(domain=domain, tenant=organisation, is_primary=False)


@transaction.atomic
def set_two_factor_requirement(
    *, organisation: Organisation, required: bool, acting_user: User
) -> Organisation:
    """Owners decide whether admins and owners must log in with a second factor."""
    require_role(organisation=organisation, user=acting_user, minimum=Role.OWNER)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    organisation.require_two_factor = required
    organisation.save(update_fields=["require_two_factor", "modified"])
    record(
        organisation=organisation,
        action=Action.TWO_FACTOR_CHANGED,
        actor=acting_user,
        details={"required": required},
    )
    return organisation


# --- Deactivation and purge ---------------------------------------------------------------


@transaction.atomic
def deactivate_organisation(
    *, organisation: Organisation, acting_user: User | None
) -> Organisation:
    """First step of deletion: the intranet closes at once; data is purged after a grace period."""
    if acting_user is not None and not acting_user.is_staff:
        require_role(organisation=organisation, user=acting_user, minimum=Role.OWNER)
    if organisation.is_public:
        raise OrganisationError(_("Das öffentliche Netzwerk kann nicht deaktiviert werden."))
    if organisation.status == OrganisationStatus.DEACTIVATED:
        return organisation
    now = timezone.now()
    organisation.status = OrganisationStatus.DEACTIVATED
    organisation.deactivated_at = now
    organisation.purge_after = now + timedelta(days=settings.ORGANISATION_PURGE_GRACE_DAYS)
    organisation.save(update_fields=["status", "deactivated_at", "purge_after", "modified"])
    record(organisation=organisation, action=Action.ORGANISATION_DEACTIVATED, actor=acting_user)
    logger.info("organisation deactivated", extra={"organisation_id": organisation.pk})
    return organisation


@transaction.atomic
def reactivate_organisation(
    *, organisation: Organisation, acting_user: User | None
) -> Organisation:
    if acting_user is not None and not acting_user.is_staff:
        require_role(organisation=organisation, user=acting_user, minimum=Role.OWNER)
    if organisation.status != OrganisationStatus.DEACTIVATED:
        raise OrganisationError(_("Die Organisation ist nicht deaktiviert."))
    organisation.status = OrganisationStatus.READY
    organisation.deactivated_at = None
    organisation.purge_after = None
    organisation.save(update_fields=["status", "deactivated_at", "purge_after", "modified"])
    record(organisation=organisation, action=Action.ORGANISATION_REACTIVATED, actor=acting_user)
    return organisation


def purge_organisation(*, organisation: Organisation, now: object = None) -> None:
    """Second step: drop the schema and every public row of a deactivated organisation."""
    now = now or timezone.now()
    if organisation.status not in (OrganisationStatus.DEACTIVATED, OrganisationStatus.FAILED):
        raise OrganisationError(_("Nur deaktivierte Organisationen können gelöscht werden."))
    if organisation.status == OrganisationStatus.DEACTIVATED and (
        organisation.purge_after is None or organisation.purge_after > now  # type: ignore[operator]
    ):
        raise OrganisationError(_("Die Frist bis zur endgültigen Löschung läuft noch."))
    connection.set_schema_to_public()
    with transaction.atomic():
        organisation.user_set.clear()  # type: ignore[attr-defined]  # tenant-users M2M
        organisation.domains.all().delete()
        SchemaMigrationState.objects.filter(schema_name=organisation.schema_name).delete()
        _drop_schema(organisation.schema_name)
        organisation.delete(force_drop=True)
    # Files live outside the database: the apps that keep files remove them on this signal,
    # once the rows that point at them are gone.
    organisation_purged.send(sender=Organisation, schema_name=organisation.schema_name)
    logger.info("organisation purged", extra={"organisation_id": organisation.pk})


def update_organisation_row(organisation_id: int, **fields: Any) -> None:
    """Change an organisation's row without ``save()`` (no signals, no full-row write). A bare
    ``QuerySet.update()`` skips tenants/cache_invalidation.py, so the host cache would keep
    answering with the old row (a ready intranet shown as "being prepared", a deactivated one
    still open): every such update of an organisation goes through here."""
    Organisation.objects.filter(pk=organisation_id).update(**fields)
    forget_organisation(organisation_id)


def enqueue_in_every_organisation(task_name: str, *args: object, and_public: bool = False) -> int:
    """Send a task once per ready organisation, each from inside that organisation's schema;
    ``and_public``: first once in the public schema too (jobs that also serve the network).

    The schema travels in the message header (tenant-schemas-celery); every task checks it on
    arrival (config.tasks.OrganisationTask), so a header can never leak into the next tenant.
    """
    from django_tenants.utils import tenant_context

    from config.celery import app

    organisations = Organisation.objects.filter(status=OrganisationStatus.READY).exclude(
        schema_name=get_public_schema_name()
    )
    count = 0
    if and_public:
        with schema_context(get_public_schema_name()):
            app.send_task(task_name, args=args)
    for organisation in organisations.iterator():
        with tenant_context(organisation):
            app.send_task(task_name, args=args)
        count += 1
    return count


def purge_expired_organisations() -> int:
    due = Organisation.objects.filter(
        status=OrganisationStatus.DEACTIVATED, purge_after__lte=timezone.now()
    )
    count = 0
    for organisation in due:
        purge_organisation(organisation=organisation)
        count += 1
    return count


# --- Roles and invitations ----------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: Invitation
    token: str  # shown once, in the e-mail; only its hash is stored


@transaction.atomic
def invite_member(
    *, organisation: Organisation, email: str, role: str, invited_by: User
) -> IssuedInvitation:
    acting_role = require_role(organisation=organisation, user=invited_by, minimum=Role.ADMIN)
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise InvitationError(
            _("Bitte gib eine gültige E-Mail-Adresse an."), field="email"
        ) from exc
    if role not in Role.values:
        raise InvitationError(_("Unbekannte Rolle."), field="role")
    if ROLE_RANK[Role(role)] > ROLE_RANK[Role(acting_role)] or role == Role.OWNER:
        raise InvitationError(_("Diese Rolle kannst du nicht vergeben."), field="role")
    existing = User.objects.filter(email__iexact=email).first()
    if existing and role_of(organisation=organisation, user=existing):
        raise InvitationError(
            _("Diese Person ist bereits Mitglied."), field="email", code="already_member"
        )
    if role != Role.GUEST:
        from billing.entitlements import require_seats

        require_seats(organisation)  # open invitations hold a place
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=_token_hash(token),
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    record(
        organisation=organisation,
        action=Action.INVITATION_SENT,
        actor=invited_by,
        target=invitation,
        details={"role": role},
    )
    jobs.enqueue("tenants.tasks.send_invitation_email_task", invitation.pk, token)
    return IssuedInvitation(invitation=invitation, token=token)


def invitation_for_token(*, organisation: Organisation, token: str) -> Invitation:
    """The open invitation behind a link, or a clear error why it cannot be used."""
    invitation = (
        Invitation.objects.select_related("organisation")
        .filter(token_hash=_token_hash(token or ""), organisation=organisation)
        .first()
    )
    if invitation is None:
        raise InvitationError(_("Diese Einladung gibt es nicht."), code="unknown")
    if invitation.accepted_at is not None:
        raise InvitationError(_("Diese Einladung wurde bereits angenommen."), code="used")
    if invitation.revoked_at is not None:
        raise InvitationError(_("Diese Einladung wurde zurückgezogen."), code="revoked")
    if invitation.is_expired:
        raise InvitationError(
            _("Diese Einladung ist abgelaufen. Bitte lass dich erneut einladen."), code="expired"
        )
    return invitation


@transaction.atomic
def accept_invitation(*, organisation: Organisation, token: str, user: User) -> Invitation:
    invitation = invitation_for_token(organisation=organisation, token=token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:  # lost a race with a second click
        raise InvitationError(_("Diese Einladung wurde bereits angenommen."), code="used")
    from intranet.services import add_member

    # Accepted first: an open invitation holds a place, and must not count against itself
    # in add_member's seat check (a refusal rolls this back).
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    add_member(organisation=organisation, user=user, role=invitation.role)
    record(
        organisation=organisation,
        action=Action.INVITATION_ACCEPTED,
        actor=user,
        target=invitation,
        details={"role": invitation.role},
    )
    return invitation


@transaction.atomic
def register_invited_user(
    *, organisation: Organisation, token: str, display_name: str, password: str
) -> User:
    """A new person accepts: the link proves the address, so it counts as verified."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.password_validation import validate_password

    invitation = invitation_for_token(organisation=organisation, token=token)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise InvitationError(
            _("Für diese Adresse gibt es schon ein Konto. Bitte melde dich an."), code="exists"
        )
    try:
        validate_password(password)
    except ValidationError as exc:
        raise InvitationError(" ".join(exc.messages), field="password") from exc
    with schema_context(get_public_schema_name()):
        user = User.objects.create_user(
            email=invitation.email, password=password, display_name=display_name.strip()[:80]
        )
        User.objects.filter(pk=user.pk).update(is_verified=True)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    accept_invitation(organisation=organisation, token=token, user=user)
    return user


def organisations_of(user: User) -> list[Organisation]:
    """Organisations the person belongs to, for the switcher in the navigation (one query,
    on every page: the primary host comes as a subquery, not a second query for domains)."""
    if not user.is_authenticated:
        return []
    primary_host = Domain.objects.filter(tenant=OuterRef("pk"), is_primary=True).values("domain")
    return list(
        user.tenants.exclude(schema_name=get_public_schema_name())
        .filter(status=OrganisationStatus.READY)
        .annotate(primary_host=Subquery(primary_host[:1]))
        .order_by("name")
    )

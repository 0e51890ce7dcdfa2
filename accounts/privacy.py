"""A person's rights to their data (GDPR Art. 20 export, Art. 17 erasure), in one place.

Each app that stores personal data has a ``privacy`` module beside its models with ``MODELS`` (the
models it answers for), ``export(user)`` and ``erase(user)``; this orchestrator runs them in the
public schema and then in each organisation's schema. What is erased and what is kept without a
name is written down in docs/privacy.md.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import uuid
from collections.abc import Iterable
from decimal import Decimal
from importlib import import_module
from types import ModuleType
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import CharField, F, Func, Model, Q, QuerySet
from django.db.models.lookups import In
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from accounts.models import ErasureRecord, User
from audit.services import Action, record
from config.domain import DomainError
from tenants.db import connection
from tenants.models import Organisation, OrganisationStatus

logger = logging.getLogger(__name__)

# Apps with personal data in the public schema, then those installed in each organisation's
# schema. The workspace tools (events, decisions, documents, ...) register themselves through
# ``register_privacy_app`` (workspaces/tools.py) and run between the workspace blocks and the
# rest, in both schema kinds, because every tool is installed in both.
PUBLIC_BEFORE_TOOLS = ("accounts", "tenants", "public_marketplace", "workspaces", "threads")
PUBLIC_AFTER_TOOLS = (
    "notifications",
    "moderation",
    "billing",
    "impact",
    "sso",
    "partners",
    "motions",
)
ORGANISATION_BEFORE_TOOLS = ("accounts", "intranet", "workspaces", "threads")
ORGANISATION_AFTER_TOOLS = ("notifications", "audit")

_TOOL_APPS: list[str] = []


def register_privacy_app(app: str) -> None:
    """Add a workspace tool's app (with its ``privacy`` module) to both schema kinds."""
    if app not in public_apps():  # once, however many tools share the app
        _TOOL_APPS.append(app)


def public_apps() -> tuple[str, ...]:
    return (*PUBLIC_BEFORE_TOOLS, *_TOOL_APPS, *PUBLIC_AFTER_TOOLS)


def organisation_apps() -> tuple[str, ...]:
    return (*ORGANISATION_BEFORE_TOOLS, *_TOOL_APPS, *ORGANISATION_AFTER_TOOLS)


# Never in an export: secrets (password hash, API token, second-factor secrets, calendar token
# digest, the ballot key) and derived copies.
SECRET_FIELDS = frozenset(
    {"password", "key", "data", "digest", "secret", "voter_key", "body_html", "session_data"}
)

Rows = list[dict[str, Any]]


def privacy_module(app: str) -> ModuleType:
    return import_module(f"{app}.privacy")


def registered_models() -> set[str]:
    """Every model label some app's privacy module answers for (see the registry test)."""
    labels: set[str] = set()
    for app in dict.fromkeys(public_apps() + organisation_apps()):
        labels.update(privacy_module(app).MODELS)
    return labels


def plain(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    return str(value)


def rows(queryset: QuerySet[Any], *, leave_out: Iterable[str] = ()) -> Rows:
    """The rows as plain JSON values: every stored field but secrets and ``leave_out``."""
    skip = SECRET_FIELDS | set(leave_out)
    names = [
        field.attname
        for field in queryset.model._meta.concrete_fields
        if field.name not in skip and field.attname not in skip
    ]
    return [
        {name: plain(value) for name, value in row.items()}
        for row in queryset.order_by("pk").values(*names)
    ]


def by_user(model: type[Model], user: User, *fields: str) -> QuerySet[Any]:
    """Rows of ``model`` in which any of ``fields`` points at the person."""
    condition = Q()
    for field in fields:
        condition |= Q(**{field: user.pk})
    return model._default_manager.filter(condition)


def null_out(model: type[Model], user: User, *fields: str) -> int:
    """Keep the rows, drop the link to the person (content others still need)."""
    return sum(
        model._default_manager.filter(**{field: user.pk}).update(**{field: None})
        for field in fields
    )


def address_list(user: User) -> list[str]:
    """The person's e-mail addresses, lower-cased: the account's and every allauth address."""
    from allauth.account.models import EmailAddress

    others = EmailAddress.objects.filter(user_id=user.pk).values_list("email", flat=True)
    return sorted({user.email.lower()} | {email.lower() for email in others})


class _AddressDigest(Func):
    """Hex SHA-256 of the lower-cased address, in core PostgreSQL (Django's SHA256 needs
    pgcrypto)."""

    template = "encode(sha256(convert_to(lower(%(expressions)s), 'UTF8')), 'hex')"
    output_field = CharField()


def address_hashes(user: User) -> list[str]:
    """SHA-256 digests of the person's lower-cased addresses: what the erasure log keeps."""
    return [hashlib.sha256(email.encode()).hexdigest() for email in address_list(user)]


def addresses(user: User, field: str = "email") -> Q:
    """A condition on an e-mail ``field`` matching any of the person's addresses."""
    hashes = getattr(user, "erased_address_hashes", None)
    if hashes is not None:
        # Erasing again after a restore (``erase_again``): only the digests are left.
        return Q(In(_AddressDigest(F(field)), hashes))
    condition = Q()
    for email in address_list(user):
        condition |= Q(**{f"{field}__iexact": email})
    return condition


def deleted(queryset: QuerySet[Any]) -> int:
    count, _details = queryset.delete()
    return count


# -- sessions ------------------------------------------------------------------------------------


def end_sessions(user_id: int) -> int:
    """Delete every live session of the person (one row serves all hosts: accounts/bridge.py)."""
    keys = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get(SESSION_KEY)) == str(user_id)
    ]
    return deleted(Session.objects.filter(session_key__in=keys))


# -- where the person's data lives ---------------------------------------------------------------


# Schemas that hold data: ready organisations and deactivated ones awaiting their purge.
WITH_DATA = (OrganisationStatus.READY, OrganisationStatus.DEACTIVATED)


def organisations_of(user: User) -> list[Organisation]:
    """Organisations whose schema holds a membership of the person, active or not: a removed or
    deactivated member's posts are still theirs to export. The tenant-users link is no guide
    here, it follows active memberships only (intranet/membership_link.py)."""
    from intranet.models import Membership

    found = []
    for organisation in all_organisations():
        with schema_context(organisation.schema_name):
            if Membership.objects.filter(user_id=user.pk).exists():
                found.append(organisation)
    return found


def all_organisations() -> list[Organisation]:
    """Every organisation with data: erasure looks everywhere, not only where a link exists."""
    return list(
        Organisation.objects.exclude(schema_name=get_public_schema_name())
        .filter(status__in=WITH_DATA)
        .order_by("pk")
    )


# -- export (Art. 20) ----------------------------------------------------------------------------


def export_person(user: User) -> dict[str, Any]:
    """Everything stored about the person, one section per schema and app (JSON-serialisable)."""
    archive: dict[str, Any] = {
        "format": "wecreate-export-1",
        "created_at": timezone.now().isoformat(),
        "person": {"public_id": str(user.public_id), "email": user.email},
        "public": {app: privacy_module(app).export(user) for app in public_apps()},
        "organisations": [],
    }
    for organisation in organisations_of(user):
        with schema_context(organisation.schema_name):
            sections = {app: privacy_module(app).export(user) for app in organisation_apps()}
        record(organisation=organisation, action=Action.PERSON_DATA_EXPORTED, actor=user)
        archive["organisations"].append(
            {"organisation": organisation.name, "slug": organisation.slug, **sections}
        )
    return archive


# -- erasure (Art. 17) ---------------------------------------------------------------------------


class ErasureRefused(DomainError):
    pass


def check_erasable(user: User) -> None:
    """Refuse while the person is the only owner of an organisation (a hand-over comes first)."""
    if Organisation.objects.filter(schema_name=get_public_schema_name(), owner_id=user.pk).exists():
        raise ErasureRefused(_("Das Plattformkonto kann nicht gelöscht werden."), code="owner")
    for organisation in Organisation.objects.filter(owner_id=user.pk).order_by("pk"):
        if organisation.status == OrganisationStatus.DEACTIVATED:
            # Its purge deletes the organisation; until then it still needs its owner.
            raise ErasureRefused(
                _(
                    "„%(name)s“ ist deaktiviert und wird nach Ablauf der Frist endgültig "
                    "gelöscht. Danach kannst du dein Konto löschen."
                )
                % {"name": organisation.name},
                code="owner_of_deactivated",
            )
        if other_owner(organisation, user) is None:
            raise ErasureRefused(
                _(
                    "Du bist die einzige Eigentümer:in von „%(name)s“. Übergib die Organisation "
                    "zuerst an eine andere Person oder deaktiviere sie."
                )
                % {"name": organisation.name},
                code="only_owner",
            )


def other_owner(organisation: Organisation, user: User) -> User | None:
    """Another active owner who can take over the organisation, if there is one."""
    if organisation.status != OrganisationStatus.READY:
        return None
    from intranet.models import Membership
    from tenants.models import Role

    with schema_context(organisation.schema_name):
        user_id = (
            Membership.objects.filter(role=Role.OWNER, is_active=True)
            .exclude(user_id=user.pk)
            .order_by("joined_at")
            .values_list("user_id", flat=True)
            .first()
        )
    return User.objects.filter(pk=user_id).first() if user_id else None


def erase_person(user: User) -> dict[str, Any]:
    """Erase the person everywhere; running it again for the same person changes nothing."""
    check_erasable(user)
    user_id = user.pk
    summary: dict[str, Any] = {"public": {}, "organisations": {}}
    with transaction.atomic():
        # Logged first, while the addresses are still known: a restored backup is erased again.
        ErasureRecord.objects.create(
            user_id=user_id, erased_at=timezone.now(), address_hashes=address_hashes(user)
        )
        for organisation in Organisation.objects.filter(owner_id=user_id):
            organisation.owner = other_owner(organisation, user)
            organisation.save(update_fields=["owner"])
        for organisation in all_organisations():
            with schema_context(organisation.schema_name):
                counts = erase_in_current_schema(user)
            summary["organisations"][organisation.slug] = counts
        # Public last: the accounts module deletes the User row itself.
        summary["public"] = {
            app: privacy_module(app).erase(user) for app in reversed(public_apps())
        }
        summary["sessions"] = end_sessions(user_id)
    logger.info("person erased", extra={"user_id": user_id})  # the id only (LOG-1)
    return summary


def erase_again(record: ErasureRecord) -> dict[str, int]:
    """Erase a person once more in the current organisation schema (restored from a backup
    older than the erasure). The account is gone, so the same ``erase()`` functions run with a
    stand-in that has the old id and, for rows matched by address, the logged digests."""
    stand_in = User(pk=record.user_id, email="", display_name="")
    stand_in.erased_address_hashes = list(record.address_hashes)  # type: ignore[attr-defined]
    return erase_in_current_schema(stand_in)


def erase_in_current_schema(user: User) -> dict[str, int]:
    """Every organisation app's part of an erasure, in the schema the connection is on."""
    return {app: privacy_module(app).erase(user) for app in organisation_apps()}


# -- the accounts app's own part -----------------------------------------------------------------

MODELS = [
    "accounts.User",
    "account.EmailAddress",
    "account.EmailConfirmation",
    "mfa.Authenticator",
    "authtoken.Token",
    "admin.LogEntry",
    "permissions.UserTenantPermissions",
    "axes.AccessAttempt",
    "accounts.LinkedSession",
    "axes.AccessFailureLog",
]


def _in_public() -> bool:
    return bool(connection.schema_name == get_public_schema_name())


def export(user: User) -> dict[str, Rows]:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from django.contrib.admin.models import LogEntry
    from rest_framework.authtoken.models import Token
    from tenant_users.permissions.models import UserTenantPermissions

    section = {"permissions": rows(by_user(UserTenantPermissions, user, "profile"))}
    if not _in_public():
        return section
    return {
        "user": rows(User.objects.filter(pk=user.pk)),
        "email_addresses": rows(by_user(EmailAddress, user, "user")),
        # Which second factors exist and when they were used, never their secrets.
        "authenticators": rows(by_user(Authenticator, user, "user")),
        "api_tokens": rows(by_user(Token, user, "user")),
        "admin_log": rows(by_user(LogEntry, user, "user")),
        "organisations": [
            {"name": o.name, "slug": o.slug} for o in user.tenants.order_by("pk") if o.slug
        ],
        **section,
    }


def erase(user: User) -> int:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from django.contrib.admin.models import LogEntry
    from rest_framework.authtoken.models import Token
    from tenant_users.permissions.models import UserTenantPermissions

    count = deleted(by_user(UserTenantPermissions, user, "profile"))
    if not _in_public():
        return count
    count += deleted(by_user(EmailAddress, user, "user"))  # with its confirmations
    count += deleted(by_user(Authenticator, user, "user"))
    count += deleted(by_user(Token, user, "user"))
    count += deleted(by_user(LogEntry, user, "user"))
    from accounts.models import LinkedSession

    count += deleted(LinkedSession.objects.filter(user_id=user.pk))
    # Failed logins for the account (accounts/lockout.py keys them on the lower-cased address).
    from axes.models import AccessAttempt, AccessFailureLog

    count += deleted(AccessAttempt.objects.filter(username=user.email.lower()))
    count += deleted(AccessFailureLog.objects.filter(username=user.email.lower()))
    # Staff edits of the account: their ``object_repr`` is the person's name.
    count += deleted(
        LogEntry.objects.filter(
            content_type__app_label="accounts", content_type__model="user", object_id=str(user.pk)
        )
    )
    account = User.objects.filter(pk=user.pk)
    if account.exists():
        user.tenants.clear()
        # A raw delete: Django's collector would look for tenant-only rows (the intranet's
        # Membership) in the public schema, where their tables do not exist. Every app's erase()
        # has already removed or unlinked its rows, and the foreign keys (checked at commit)
        # refuse the delete if one was missed. django-tenant-users' delete_user() would only
        # deactivate the account.
        count += account._raw_delete(account.db)
    return count

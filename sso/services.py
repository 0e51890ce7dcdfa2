"""Single sign-on per organisation (docs/security.md AUTH-9): configuration, the allauth app it
becomes, and who may log in through it.

Only organisations whose plan includes ``Feature.SINGLE_SIGN_ON`` may configure or use it; a
downgraded organisation keeps its stored configuration, but the button and the flow are gone.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils.translation import gettext as _

from tenants.models import Organisation

_CACHE_SECONDS = 300


class SSOError(Exception):
    """A refused SSO configuration or login; the message is for the person."""


def _fernet() -> Fernet:
    key = settings.SSO_SECRET_KEY or settings.SECRET_KEY
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(key.encode()).digest()))


def seal(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def unseal(sealed: str) -> str:
    try:
        return _fernet().decrypt(sealed.encode()).decode()
    except InvalidToken:
        return ""  # key rotated: the owner enters the secret again


def sso_allowed(organisation: Organisation) -> bool:
    from billing.entitlements import has_feature
    from billing.models import Feature

    return has_feature(organisation, Feature.SINGLE_SIGN_ON)


def feature_message() -> str:
    from billing.models import Feature
    from billing.selectors import plan_names_with

    plans = plan_names_with(Feature.SINGLE_SIGN_ON)
    if not plans:
        return _("Single Sign-on ist in eurem Tarif nicht enthalten.")
    return _(
        "Single Sign-on ist in eurem Tarif nicht enthalten. Mit dem Tarif %(plans)s könnt ihr "
        "einen Identitätsanbieter einrichten."
    ) % {"plans": plans}


@dataclass(frozen=True)
class ActiveProvider:
    """What a login needs, without a database round trip (cached on the platform cache)."""

    organisation_id: int
    provider_id: str
    name: str
    issuer: str
    client_id: str
    client_secret_sealed: str
    allowed_domains: tuple[str, ...]
    members_must_use_sso: bool
    add_new_members: bool

    def allows_email(self, email: str) -> bool:
        domain = email.rpartition("@")[2].lower()
        return bool(domain) and domain in self.allowed_domains


def _cache_key(organisation_id: int) -> str:
    return f"sso:provider:v1:{organisation_id}"


def forget_provider(organisation_id: int) -> None:
    caches["platform"].delete(_cache_key(organisation_id))


def _stored_provider(organisation: Organisation) -> ActiveProvider | None:
    from sso.models import IdentityProvider

    key = _cache_key(organisation.pk)
    cached = caches["platform"].get(key)
    if cached is not None:
        return cached or None
    idp = IdentityProvider.objects.filter(organisation_id=organisation.pk, is_enabled=True).first()
    value = (
        ActiveProvider(
            organisation_id=organisation.pk,
            provider_id=idp.provider_id,
            name=idp.name,
            issuer=idp.issuer,
            client_id=idp.client_id,
            client_secret_sealed=idp.client_secret_sealed,
            allowed_domains=tuple(idp.allowed_domains),
            members_must_use_sso=idp.members_must_use_sso,
            add_new_members=idp.add_new_members,
        )
        if idp
        else None
    )
    caches["platform"].set(key, value or False, _CACHE_SECONDS)
    return value


def active_provider(organisation: Organisation | None) -> ActiveProvider | None:
    """The organisation's identity provider if it is configured *and* the plan includes SSO."""
    if organisation is None or organisation.is_public:
        return None
    provider = _stored_provider(organisation)
    if provider is None or not sso_allowed(organisation):
        return None
    return provider


def _clean_domains(raw: list[str]) -> list[str]:
    domains = sorted({d.strip().lower().lstrip("@") for d in raw if d.strip()})
    if not domains:
        raise SSOError(_("Mindestens eine erlaubte E-Mail-Domain angeben."))
    return domains


def configure_sso(
    *,
    organisation: Organisation,
    actor: Any,
    name: str,
    issuer: str,
    client_id: str,
    client_secret: str,
    allowed_domains: list[str],
    members_must_use_sso: bool,
    add_new_members: bool,
) -> Any:
    """Create or change the organisation's identity provider. An empty ``client_secret`` keeps
    the stored one (it is never shown again)."""
    from audit.services import Action, record
    from sso.models import IdentityProvider

    if not sso_allowed(organisation):
        raise SSOError(feature_message())
    domains = _clean_domains(allowed_domains)
    with transaction.atomic():
        idp = (
            IdentityProvider.objects.select_for_update()
            .filter(organisation_id=organisation.pk)
            .first()
        )
        created = idp is None
        if idp is None:
            if not client_secret:
                raise SSOError(_("Das Client-Secret fehlt."))
            idp = IdentityProvider(organisation_id=organisation.pk)
        before = _snapshot(idp) if not created else {}
        idp.name, idp.issuer, idp.client_id = name.strip(), issuer.strip().rstrip("/"), client_id
        idp.allowed_domains = domains
        idp.members_must_use_sso = members_must_use_sso
        idp.add_new_members = add_new_members
        idp.is_enabled = True
        if client_secret:
            idp.client_secret_sealed = seal(client_secret)
        idp.save()
        changed = sorted(k for k, v in _snapshot(idp).items() if before.get(k) != v)
        if client_secret and not created:
            changed.append("client_secret")
        record(
            organisation=organisation,
            action=Action.SSO_CHANGED,
            actor=actor,
            target=idp,
            details={"created": created, "fields": changed},
        )
        transaction.on_commit(lambda: forget_provider(organisation.pk))
    return idp


def disable_sso(*, organisation: Organisation, actor: Any) -> None:
    """Switch SSO off (allowed on any plan: a downgraded organisation can still tidy up)."""
    from audit.services import Action, record
    from sso.models import IdentityProvider

    with transaction.atomic():
        idp = (
            IdentityProvider.objects.select_for_update()
            .filter(organisation_id=organisation.pk, is_enabled=True)
            .first()
        )
        if idp is not None:
            idp.is_enabled = False
            idp.save(update_fields=["is_enabled", "updated_at"])
            record(
                organisation=organisation,
                action=Action.SSO_CHANGED,
                actor=actor,
                target=idp,
                details={"disabled": True},
            )
        transaction.on_commit(lambda: forget_provider(organisation.pk))


def _snapshot(idp: Any) -> dict[str, Any]:
    return {
        "name": idp.name,
        "issuer": idp.issuer,
        "client_id": idp.client_id,
        "allowed_domains": list(idp.allowed_domains),
        "members_must_use_sso": idp.members_must_use_sso,
        "add_new_members": idp.add_new_members,
    }


def social_app(provider: ActiveProvider) -> Any:
    """The allauth app for the provider: built per request, never stored in SocialApp."""
    from allauth.socialaccount.models import SocialApp

    return SocialApp(
        provider="openid_connect",
        provider_id=provider.provider_id,
        name=provider.name,
        client_id=provider.client_id,
        secret=unseal(provider.client_secret_sealed),
        settings={
            "server_url": provider.issuer,
            # Only addresses in the allowed domains count as verified, only they match accounts.
            "email_authentication": True,
        },
    )


SESSION_KEY = "sso_organisations"


def mark_session(request: Any, organisation_id: int) -> None:
    done = set(request.session.get(SESSION_KEY, []))
    done.add(organisation_id)
    request.session[SESSION_KEY] = sorted(done)


def session_used_sso(request: Any, organisation_id: int) -> bool:
    return organisation_id in request.session.get(SESSION_KEY, [])


SCOPE_KEY = "sso_scope"


def scope_session(request: Any, organisation_id: int | None) -> None:
    """An organisation's IdP vouches for a person on that organisation's host only: a session
    it started is not a login on the root domain or on another organisation's host, even where
    the cookie is shared by subdomains (AUTH-9). A login by password lifts the scope."""
    if organisation_id is None:
        request.session.pop(SCOPE_KEY, None)
    else:
        request.session[SCOPE_KEY] = organisation_id


def session_scope(session: Any) -> int | None:
    scope = session.get(SCOPE_KEY)
    return scope if isinstance(scope, int) else None


def may_sign_in_existing_account(*, organisation: Organisation, user_id: int) -> bool:
    """An IdP an organisation configured may sign in an existing WeCreate account only if that
    person is already an active member there: otherwise listing someone else's e-mail domain
    would let the organisation take over accounts it has no tie to (AUTH-9)."""
    from django_tenants.utils import schema_context

    from intranet.models import Membership

    with schema_context(organisation.schema_name):
        return Membership.objects.filter(user_id=user_id, is_active=True).exists()


def admit_member(*, organisation: Organisation, provider: ActiveProvider, user: Any) -> bool:
    """After an SSO login: a person who is not yet a member joins as MEMBER if configured.
    A former (deactivated or removed) member is not re-admitted: that stays the admins' call.
    ``False`` when the plan's member limit is reached."""
    from django_tenants.utils import schema_context

    from intranet.models import Membership
    from intranet.services import add_member
    from tenants.models import Role
    from tenants.services import OrganisationError

    if not provider.add_new_members:
        return True
    with schema_context(organisation.schema_name):
        if Membership.objects.filter(user_id=user.pk).exists():
            return True
    try:
        add_member(organisation=organisation, user=user, role=Role.MEMBER)
    except OrganisationError:
        return False
    return True

"""Taking part without a password: support an impulse or offer help with nothing but a confirmed
e-mail address (a signed link), and the account that grows out of it.

The rules, in one place:

- Asking for a link stores nothing: the request (address, impulse, what to do, the offer's
  details) travels inside the signed, expiring link. No row exists for an address nobody
  confirmed.
- The answer to the request is the same whether or not the address has an account, so nobody
  learns who is registered. An address that belongs to an account with a password (or a second
  factor) gets an e-mail asking to log in instead: a link must never bypass a password or 2FA.
- Opening the link shows what will happen; only the button (a POST) acts, so mail scanners that
  open links change nothing. A link works once and for ``LINK_VALID_HOURS``.
- Confirming creates a light account (confirmed address, no password, the chosen display name),
  logs the person in and supports or offers in one transaction: if the action is refused,
  nothing is left behind. The person can set a password later (allauth's "set password") or log
  in again with a code by e-mail (allauth's login by code).
- Abuse limits: per client address and per e-mail address for the links, then the same limits
  as for accounts (``support.toggle``, ``offer.create``, blocked people) for the action itself.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.services import clean_display_name
from config import ratelimit
from config.domain import DomainError
from public_marketplace.models import District, Impulse, OfferMode
from public_marketplace.services import boxes
from public_marketplace.services.impulses import ImpulseError, _supportable, support_impulse
from tenants.models import absolute_url

SUPPORT = "support"
OFFER = "offer"
ACTIONS = (SUPPORT, OFFER)
LINK_VALID_HOURS = 48
_SALT = "wecreate.participation-without-account"


class ParticipationLinkError(DomainError):
    pass


@dataclass(frozen=True)
class Request:
    """What the person asked to do, as carried by the link."""

    email: str
    impulse_id: str  # the impulse's public id
    action: str
    display_name: str = ""
    show_name: bool = False
    brings: tuple[str, ...] = ()
    mode: str = OfferMode.IN_PERSON
    district_id: int | None = None
    note: str = ""


def _absolute(path: str) -> str:
    return absolute_url(settings.BASE_DOMAIN, path)


def _address_key(email: str) -> str:
    return hashlib.sha256(email.lower().encode()).hexdigest()[:32]


def _full_account(email: str) -> Any:
    """The account of ``email`` that has a password or a second factor, or None."""
    from allauth.mfa.models import Authenticator

    user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        return None
    if user.has_usable_password() or Authenticator.objects.filter(user=user).exists():
        return user
    return None


def _check_action(impulse: Impulse, action: str) -> None:
    if action == SUPPORT:
        _supportable(impulse)
    elif action == OFFER:
        if impulse.is_hidden or impulse.status not in boxes.OPEN_STAGES:
            raise ImpulseError(
                _("Bei diesem Impuls kann gerade niemand mitmachen."), code="conflict"
            )
    else:
        raise ParticipationLinkError(_("Unbekannte Aktion."), code="not_found")


def request_link(*, impulse: Impulse, request: Request, client_address: str) -> None:
    """Send the confirmation link for ``request`` (or, for an account with a password, a
    request to log in). Raises on bad input or when a limit is reached; sends nothing then."""
    email = request.email.strip()
    try:
        validate_email(email)
    except Exception as exc:
        raise ParticipationLinkError(
            _("Bitte gib eine gültige E-Mail-Adresse an."), field="email"
        ) from exc
    _check_action(impulse, request.action)
    display_name = clean_display_name(request.display_name) if request.display_name.strip() else ""
    ratelimit.hit("participation_link.address", client_address or "unknown")
    ratelimit.hit("participation_link.email", _address_key(email))

    path = reverse("impulse_detail", kwargs={"public_id": impulse.public_id})
    context: dict[str, Any] = {
        "impulse": impulse,
        "impulse_url": _absolute(path),
        "action": request.action,
        "valid_hours": LINK_VALID_HOURS,
    }
    if _full_account(email) is not None:
        template = "account_exists"
        context["login_url"] = _absolute(f"{reverse('account_login')}?next={path}")
    else:
        template = "link"
        payload = {
            **request.__dict__,
            "email": email,
            "display_name": display_name,
            "brings": list(request.brings),
            "nonce": secrets.token_urlsafe(8),
        }
        token = signing.dumps(payload, salt=_SALT, compress=True)
        context["url"] = _absolute(reverse("participation_confirm", kwargs={"token": token}))
    with translation.override("de"):
        subject = render_to_string(
            f"public_marketplace/email/participation_{template}_subject.txt", context
        ).strip()
        body = render_to_string(f"public_marketplace/email/participation_{template}.txt", context)
    send_mail(subject, body, None, [email])


def _used_key(token: str) -> str:
    return "participation-link-used:" + hashlib.sha256(token.encode()).hexdigest()[:40]


def read_link(token: str) -> tuple[Request, Impulse]:
    """The request a link carries and its impulse; a clear error for a link that is broken,
    expired, already used, or whose impulse is gone."""
    try:
        payload = signing.loads(token, salt=_SALT, max_age=LINK_VALID_HOURS * 3600)
    except signing.SignatureExpired as exc:
        raise ParticipationLinkError(
            _("Dieser Link ist abgelaufen. Fordere einfach einen neuen an."), code="gone"
        ) from exc
    except signing.BadSignature as exc:
        raise ParticipationLinkError(
            _("Dieser Link ist ungültig. Bitte kopiere ihn vollständig aus der E-Mail."),
            code="gone",
        ) from exc
    if cache.get(_used_key(token)):
        raise ParticipationLinkError(
            _("Dieser Link wurde schon benutzt. Du bist damit bereits dabei."), code="gone"
        )
    payload.pop("nonce", None)
    payload["brings"] = tuple(payload.get("brings") or ())
    link = Request(**payload)
    impulse = Impulse.objects.filter(public_id=link.impulse_id, is_hidden=False).first()
    if impulse is None:
        raise ParticipationLinkError(_("Diesen Impuls gibt es nicht mehr."), code="gone")
    return link, impulse


def _light_account(link: Request) -> Any:
    """The person behind a confirmed address: their existing light account, or a new one."""
    User = get_user_model()
    user = User.objects.filter(email__iexact=link.email).first()
    if user is not None:
        if not user.is_active:
            raise ParticipationLinkError(_("Dieses Konto ist nicht mehr aktiv."), code="forbidden")
        if _full_account(link.email) is not None:
            raise ParticipationLinkError(
                _("Zu dieser Adresse gibt es ein Konto mit Passwort. Bitte melde dich an."),
                code="forbidden",
            )
        return user
    user = User.objects.create_user(email=link.email, password=None, display_name=link.display_name)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def confirm(token: str) -> tuple[Any, Impulse]:
    """Carry out the link's request. Returns the person (to log in) and the impulse."""
    link, impulse = read_link(token)
    with transaction.atomic():
        user = _light_account(link)
        if link.action == SUPPORT:
            support_impulse(impulse=impulse, user=user, show_name=link.show_name)
        else:
            district = (
                District.objects.filter(pk=link.district_id).first() if link.district_id else None
            )
            boxes.offer_help(
                impulse=impulse,
                user=user,
                brings=list(link.brings),
                mode=link.mode,
                district=district,
                note=link.note,
            )
    cache.set(_used_key(token), 1, LINK_VALID_HOURS * 3600)
    return user, impulse


def is_light_account(user: Any) -> bool:
    """A person who joined through a link and has not set a password yet."""
    return bool(user.is_authenticated and not user.has_usable_password())

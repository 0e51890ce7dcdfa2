"""The rules for offline partners: who edits an entry, the contact form, a box's request for
help and the partner's answer (through its account or a signed link without one).

Every change is one function with keyword arguments; web, API, admin and tasks call the same
ones. E-mails are sent by Celery tasks after commit (``config.jobs.enqueue``); a partner's
address is read there and nowhere shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from config import jobs, ratelimit
from config.domain import DomainError
from partners.models import (
    ANSWER_MAX,
    DESCRIPTION_MAX,
    NAME_MAX,
    WHAT_MAX,
    WHEN_MAX,
    Kind,
    Partner,
    PartnerRequest,
    RequestStatus,
)
from workspaces.models import MANAGING_ROLES, Workspace
from workspaces.permissions import Actor, role_in

ANSWER_LINK_DAYS = 30
ANSWER_SALT = "partners.answer"
CONTACT_MAX = 3000


class PartnerError(DomainError):
    pass


# --- Who may ----------------------------------------------------------------------------------


def can_manage_partner(user: Any, partner: Partner) -> bool:
    """Platform staff and the partner's own accounts edit the entry and answer requests."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff:
        return True
    return partner.managers.filter(pk=user.pk).exists()


def can_see_requests(actor: Actor, workspace: Workspace) -> bool:
    """A box's requests are for its members (and platform staff, who moderate boxes), in open
    boxes and friend circles alike."""
    return actor.is_moderator or role_in(workspace) is not None


def can_ask_partner(actor: Actor, workspace: Workspace) -> bool:
    """A box's owner and co-owners (its managing roles) speak for it to partners."""
    return actor.can_write and role_in(workspace) in MANAGING_ROLES


# --- The entry --------------------------------------------------------------------------------


def _clean_kinds(kinds: Iterable[str]) -> list[str]:
    chosen = [kind for kind in Kind.values if kind in set(kinds)]
    if not chosen or len(chosen) != len(set(kinds)):
        raise PartnerError(_("Bitte wähle mindestens eine Art der Hilfe."), field="kinds")
    return chosen


def _required(value: str, field: str, maximum: int) -> str:
    value = value.strip()
    if not value:
        raise PartnerError(_("Bitte fülle dieses Feld aus."), field=field)
    if len(value) > maximum:
        raise PartnerError(_("Bitte höchstens %(max)d Zeichen.") % {"max": maximum}, field=field)
    return value


def _valid(value: str, validator: Any, field: str, message: str) -> str:
    if value:
        try:
            validator(value)
        except ValidationError as error:
            raise PartnerError(message, field=field) from error
    return value


@transaction.atomic
def update_partner(
    *,
    user: Any,
    partner: Partner,
    name: str,
    description: str,
    kinds: Iterable[str],
    districts: Iterable[Any],
    address: str,
    opening_notes: str = "",
    website: str = "",
) -> Partner:
    """The partner's own accounts (and staff) change what the directory shows."""
    if not can_manage_partner(user, partner):
        raise PartnerError(_("Diesen Eintrag dürfen nur seine Verwalter ändern."), code="forbidden")
    district_list = list(districts)
    if not district_list:
        raise PartnerError(_("Bitte wähle mindestens einen Ortsteil."), field="districts")
    partner.name = _required(name, "name", NAME_MAX)
    partner.description = _required(description, "description", DESCRIPTION_MAX)
    partner.kinds = _clean_kinds(kinds)
    partner.address = _required(address, "address", 200)
    partner.opening_notes = opening_notes.strip()[:1000]
    partner.website = _valid(
        website.strip(),
        URLValidator(schemes=["http", "https"]),
        "website",
        _("Bitte gib eine Adresse an, die mit https:// oder http:// beginnt."),
    )
    partner.save()
    partner.districts.set(district_list)
    return partner


def accounts_for(emails: Iterable[str]) -> list[Any]:
    """The accounts behind e-mail addresses (staff name a partner's managers by address);
    an unknown address is an error naming it."""
    from accounts.models import User

    wanted = {email.strip().lower() for email in emails if email.strip()}
    found = list(User.objects.filter(email__in=wanted))
    missing = wanted - {user.email.lower() for user in found}
    if missing:
        raise PartnerError(
            _("Kein Konto mit dieser Adresse: %(emails)s") % {"emails": ", ".join(sorted(missing))},
            field="managers",
        )
    return found


# --- Contact form -----------------------------------------------------------------------------


def contact_partner(
    *, partner: Partner, name: str, email: str, message: str, sender_key: object
) -> None:
    """Send a visitor's message to the partner by e-mail (the reply goes to the visitor's
    address). ``sender_key`` (the account, or the address the request came from) is counted
    against the ``partner.contact`` limit. Nothing is stored."""
    if not partner.is_active:
        raise PartnerError(_("Diesen Partner gibt es nicht mehr."), code="not_found")
    name = _required(name, "name", 120)
    message = _required(message, "message", CONTACT_MAX)
    email = _valid(
        _required(email, "email", 254),
        validate_email,
        "email",
        _("Bitte gib eine gültige E-Mail-Adresse an."),
    )
    ratelimit.hit("partner.contact", sender_key)
    jobs.enqueue("partners.tasks.send_contact_message", partner.pk, name, email, message)


def send_contact_message(*, partner_id: int, name: str, email: str, message: str) -> bool:
    partner = Partner.objects.filter(pk=partner_id, is_active=True).exclude(email="").first()
    if partner is None:
        return False
    context = {"partner": partner, "name": name, "message": message}
    with translation.override("de"):
        subject = _("Nachricht über WeCreate von %(name)s") % {"name": name}
        body = render_to_string("partners/email/contact.txt", context)
    EmailMessage(subject, body, None, [partner.email], reply_to=[email]).send()
    return True


# --- Requests from boxes ----------------------------------------------------------------------


@transaction.atomic
def ask_partner(
    *, actor: Actor, workspace: Workspace, partner: Partner, what: str, when: str
) -> PartnerRequest:
    """A box's owner asks a partner for help; the partner gets an e-mail with an answer link."""
    if not can_ask_partner(actor, workspace):
        raise PartnerError(
            _("Nur die Verantwortlichen der Box können Partner anfragen."), code="forbidden"
        )
    if not partner.is_active:
        raise PartnerError(_("Diesen Partner gibt es nicht mehr."), field="partner")
    what = _required(what, "what", WHAT_MAX)
    when = _required(when, "when", WHEN_MAX)
    ratelimit.hit("partner.request", actor.user_id)
    created = PartnerRequest.objects.create(
        partner=partner, workspace=workspace, created_by_id=actor.user_id, what=what, when=when
    )
    jobs.enqueue("partners.tasks.send_request_email", created.pk)
    return created


def answer_token(partner_request: PartnerRequest) -> str:
    return signing.TimestampSigner(salt=ANSWER_SALT).sign(str(partner_request.public_id))


def answer_url(partner_request: PartnerRequest) -> str:
    from tenants.models import absolute_url

    path = reverse(
        "partners:answer",
        kwargs={"token": answer_token(partner_request)},
        urlconf=settings.PUBLIC_SCHEMA_URLCONF,  # also from a task, outside any request
    )
    return absolute_url(settings.BASE_DOMAIN, path)


def request_for_token(token: str) -> PartnerRequest:
    """The request an answer link points at. A forged link is ``invalid``, one older than
    ``ANSWER_LINK_DAYS`` is ``expired``; either changes nothing."""
    try:
        public_id = signing.TimestampSigner(salt=ANSWER_SALT).unsign(
            token, max_age=ANSWER_LINK_DAYS * 24 * 3600
        )
    except signing.SignatureExpired as error:
        raise PartnerError(
            _(
                "Dieser Link ist abgelaufen. Bitte antworte über dein Partnerkonto oder "
                "schreib der Box auf anderem Weg."
            ),
            code="expired",
        ) from error
    except signing.BadSignature as error:
        raise PartnerError(_("Dieser Link ist ungültig."), code="invalid") from error
    found = (
        PartnerRequest.objects.select_related("partner", "workspace")
        .filter(public_id=public_id)
        .first()
    )
    if found is None:
        raise PartnerError(_("Diese Anfrage gibt es nicht mehr."), code="not_found")
    return found


@transaction.atomic
def answer_request(
    *, partner_request: PartnerRequest, accept: bool, answer: str, by: Any = None
) -> PartnerRequest:
    """The partner says yes or no, with a message for the box. ``by`` is the partner's account
    when answered on the site (checked), None through the signed link (checked by the link)."""
    if by is not None and not can_manage_partner(by, partner_request.partner):
        raise PartnerError(_("Nur der Partner selbst kann antworten."), code="forbidden")
    answer = answer.strip()
    if len(answer) > ANSWER_MAX:
        raise PartnerError(
            _("Bitte höchstens %(max)d Zeichen.") % {"max": ANSWER_MAX}, field="answer"
        )
    locked = PartnerRequest.objects.select_for_update().get(pk=partner_request.pk)
    if not locked.is_open:
        raise PartnerError(_("Diese Anfrage ist schon beantwortet."), code="conflict")
    locked.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    locked.answer = answer
    locked.answered_at = timezone.now()
    locked.answered_by = by
    locked.save(update_fields=["status", "answer", "answered_at", "answered_by"])
    jobs.enqueue("partners.tasks.send_answer_email", locked.pk)
    partner_request.status, partner_request.answer = locked.status, locked.answer
    partner_request.answered_at, partner_request.answered_by = locked.answered_at, by
    return locked


def send_request_email(*, request_id: int) -> bool:
    found = PartnerRequest.objects.select_related("partner", "workspace").filter(pk=request_id)
    partner_request = found.first()
    if partner_request is None or not partner_request.is_open:
        return False
    if not partner_request.partner.email:
        return False
    context = {
        "request": partner_request,
        "box": partner_request.workspace.name,
        "url": answer_url(partner_request),
        "days": ANSWER_LINK_DAYS,
    }
    with translation.override("de"):
        subject = _("Anfrage der Box „%(box)s“") % {"box": partner_request.workspace.name}
        body = render_to_string("partners/email/request.txt", context)
    EmailMessage(subject, body, None, [partner_request.partner.email]).send()
    return True


def send_answer_email(*, request_id: int) -> bool:
    """Tell the person who asked what the partner answered."""
    found = PartnerRequest.objects.select_related("partner", "workspace", "created_by")
    partner_request = found.filter(pk=request_id).first()
    if partner_request is None or partner_request.created_by is None:
        return False
    path = reverse(
        "partner_requests:box",
        kwargs={"slug": partner_request.workspace.slug},
        urlconf=settings.PUBLIC_SCHEMA_URLCONF,
    )
    from tenants.models import absolute_url

    context = {"request": partner_request, "url": absolute_url(settings.BASE_DOMAIN, path)}
    with translation.override("de"):
        subject = _("%(partner)s hat eurer Box geantwortet") % {
            "partner": partner_request.partner.name
        }
        body = render_to_string("partners/email/answer.txt", context)
    EmailMessage(subject, body, None, [partner_request.created_by.email]).send()
    return True

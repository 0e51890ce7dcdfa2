"""E-mails about organisations, rendered in German first."""

from __future__ import annotations

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from tenants.models import Invitation, Organisation


def invitation_url(invitation: Invitation, token: str) -> str:
    return invitation.organisation.url(f"/einladung/{token}/")


def send_invitation_email(*, invitation: Invitation, token: str) -> None:
    with translation.override("de"):
        context = {
            "invitation": invitation,
            "organisation": invitation.organisation,
            "url": invitation_url(invitation, token),
        }
        subject = render_to_string("tenants/email/invitation_subject.txt", context).strip()
        body = render_to_string("tenants/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])


def send_domain_lapsed_email(*, organisation: Organisation, domain: str) -> None:
    """To the owner: their custom domain's TXT record is gone, so it no longer routes to them."""
    from accounts.models import User

    owner = User.objects.filter(pk=organisation.owner_id, is_active=True).first()
    if owner is None:
        return
    with translation.override("de"):
        context = {
            "organisation": organisation,
            "domain": domain,
            "url": organisation.url("/einstellungen/"),
        }
        subject = render_to_string("tenants/email/domain_lapsed_subject.txt", context).strip()
        body = render_to_string("tenants/email/domain_lapsed.txt", context)
    send_mail(subject, body, None, [owner.email])

"""E-mails about organisations, rendered in German first."""

from __future__ import annotations

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from tenants.models import Invitation


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

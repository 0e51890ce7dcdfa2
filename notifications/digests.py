"""The e-mail digest: once a day or once a week, one e-mail per person with what they have not
seen yet. Runs per schema (the public network, then each organisation), hourly.

Idempotent: a notification is stamped ``emailed_at`` in the same transaction that sends it, and
each person's settings row is locked while their digest is made, so two runs never send twice.
Bounded memory: people are taken in batches by id, notifications per e-mail are capped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name

from notifications.models import DigestFrequency, Notification, NotificationSettings
from tenants.db import connection

logger = logging.getLogger(__name__)

PERIODS = {DigestFrequency.DAILY: timedelta(days=1), DigestFrequency.WEEKLY: timedelta(days=7)}
# The job runs hourly: without slack a daily digest would slip by an hour every day.
SLACK = timedelta(minutes=30)
USER_BATCH = 200
ITEMS_PER_DIGEST = 50


@dataclass
class Site:
    """Where the links in the e-mail point: the root domain or the organisation's host."""

    name: str
    base_url: str

    def url(self, path: str) -> str:
        return self.base_url + (path if path.startswith("/") else "/")


def _current_site() -> Site:
    from tenants.models import absolute_url

    if connection.schema_name == get_public_schema_name():
        return Site(_("WeCreate – Leipziger Netzwerk"), absolute_url(settings.BASE_DOMAIN, ""))
    organisation = connection.tenant
    return Site(organisation.name, organisation.url("").rstrip("/"))


def _not_due(now: datetime) -> QuerySet[NotificationSettings]:
    return NotificationSettings.objects.filter(user_id=OuterRef("user_id")).filter(
        Q(email_digest=DigestFrequency.NEVER)
        | Q(
            email_digest=DigestFrequency.DAILY,
            last_digest_at__gt=now - PERIODS[DigestFrequency.DAILY] + SLACK,
        )
        | Q(
            email_digest=DigestFrequency.WEEKLY,
            last_digest_at__gt=now - PERIODS[DigestFrequency.WEEKLY] + SLACK,
        )
    )


def due_user_ids(now: datetime) -> QuerySet[Notification, int]:
    """People with notifications not yet in a digest whose frequency is due (no settings row
    means the default, weekly)."""
    return (
        Notification.objects.filter(emailed_at__isnull=True, created_at__lte=now)
        .exclude(Exists(_not_due(now)))
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()
    )


def is_due(prefs: NotificationSettings, now: datetime) -> bool:
    period = PERIODS.get(DigestFrequency(prefs.email_digest))
    if period is None:
        return False
    return prefs.last_digest_at is None or prefs.last_digest_at <= now - period + SLACK


def send_due_digests(*, now: datetime | None = None) -> int:
    """Send every digest that is due in the current schema; returns how many e-mails went out."""
    now = now or timezone.now()
    site = _current_site()
    sent = 0
    last_id = 0
    while True:
        batch = list(due_user_ids(now).filter(user_id__gt=last_id)[:USER_BATCH])
        if not batch:
            return sent
        for user_id in batch:
            try:
                sent += int(send_digest(user_id=user_id, now=now, site=site))
            except OSError as exc:  # SMTP trouble: this person's digest is retried next run
                logger.warning(
                    "digest not sent", extra={"user_id": user_id, "error": type(exc).__name__}
                )
        last_id = batch[-1]


@transaction.atomic
def send_digest(*, user_id: int, now: datetime, site: Site) -> bool:
    from accounts.models import User

    NotificationSettings.objects.get_or_create(user_id=user_id)
    prefs = (
        NotificationSettings.objects.select_for_update(skip_locked=True)
        .filter(user_id=user_id)
        .first()
    )
    if prefs is None or not is_due(prefs, now):  # locked by a concurrent run, or not due
        return False
    pending = Notification.objects.filter(
        user_id=user_id, emailed_at__isnull=True, created_at__lte=now
    )
    # Only what the person has not seen yet; read ones are stamped too, so they never come up.
    unread = pending.filter(read_at__isnull=True).order_by("-created_at", "-id")
    items = list(unread[:ITEMS_PER_DIGEST])
    more = unread[: ITEMS_PER_DIGEST * 20].count() - len(items) if items else 0
    pending.update(emailed_at=now)
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if not items or user is None or not user.email:
        return False
    prefs.last_digest_at = now
    prefs.save(update_fields=["last_digest_at"])
    _send(user=user, items=items, more=more, site=site, frequency=prefs.email_digest)
    return True


def _send(*, user: Any, items: list[Notification], more: int, site: Site, frequency: str) -> None:
    with translation.override("de"):
        context = {
            "name": user.name,
            "site": site,
            "daily": frequency == DigestFrequency.DAILY,
            "items": [{"title": n.title, "url": site.url(n.url or "/")} for n in items],
            "more": more,
            "centre_url": site.url("/benachrichtigungen/"),
            "settings_url": site.url("/benachrichtigungen/einstellungen/"),
        }
        subject = render_to_string("notifications/email/digest_subject.txt", context).strip()
        body = render_to_string("notifications/email/digest.txt", context)
    # The address is used here only, to send; it never reaches a log line.
    send_mail(subject, body, None, [user.email])

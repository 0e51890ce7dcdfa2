"""Create notifications, mark them read, change one's settings.

Callers of ``notify`` pass user ids; people who turned in-app notifications off get none, and
people who switched off a verb's kind (notifications/kinds.py) get none of that kind (their
digest is built from the same rows, so they get no e-mail about them either). Each schema keeps
its own notifications and settings: the public network's here, an intranet's in its schema.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from config.domain import DomainError
from notifications.kinds import FIELDS, kind_of
from notifications.models import DigestFrequency, Notification, NotificationSettings


class NotificationError(DomainError):
    pass


def notify(*, user_ids: Iterable[int], verb: str, title: str, url: str = "") -> int:
    ids = set(user_ids)
    if not ids:
        return 0
    silent = Q(in_app=False)
    kind = kind_of(verb)
    if kind is not None:
        silent |= Q(**{kind.field: False})
    muted = set(
        NotificationSettings.objects.filter(silent, user_id__in=ids).values_list(
            "user_id", flat=True
        )
    )
    rows = [
        Notification(user_id=uid, verb=verb, title=title[:200], url=url[:300])
        for uid in sorted(ids - muted)
    ]
    Notification.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


@transaction.atomic
def mark_read(*, user: Any, public_id: UUID | str) -> Notification:
    """Mark one of the person's own notifications read (someone else's: as if it did not exist)."""
    notification = (
        Notification.objects.select_for_update()
        .filter(user_id=user.pk, public_id=public_id)
        .first()
    )
    if notification is None:
        raise NotificationError(_("Diese Benachrichtigung gibt es nicht."), code="not_found")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def mark_all_read(*, user: Any) -> int:
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def update_settings(
    *, user: Any, in_app: bool, email_digest: str, kinds: Mapping[str, bool] | None = None
) -> NotificationSettings:
    """Save the global switches and, for the kinds named in ``kinds``, their switches (the
    kinds left out keep their value)."""
    if email_digest not in DigestFrequency.values:
        raise NotificationError(_("Bitte wähle, wie oft wir dir schreiben."), field="email_digest")
    unknown = set(kinds or {}) - set(FIELDS)
    if unknown:
        raise NotificationError(_("Diese Art von Benachrichtigung gibt es nicht."), field=None)
    switches = {field: bool(value) for field, value in (kinds or {}).items()}
    settings, _created = NotificationSettings.objects.update_or_create(
        user_id=user.pk,
        defaults={"in_app": bool(in_app), "email_digest": email_digest, **switches},
    )
    return settings

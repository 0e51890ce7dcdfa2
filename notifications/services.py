"""Create notifications. Callers pass user ids; people who turned in-app notifications off get
none (their digest is built from the same rows, so they get no e-mail about them either)."""

from __future__ import annotations

from collections.abc import Iterable

from notifications.models import Notification, NotificationSettings


def notify(*, user_ids: Iterable[int], verb: str, title: str, url: str = "") -> int:
    ids = set(user_ids)
    if not ids:
        return 0
    muted = set(
        NotificationSettings.objects.filter(user_id__in=ids, in_app=False).values_list(
            "user_id", flat=True
        )
    )
    rows = [
        Notification(user_id=uid, verb=verb, title=title[:200], url=url[:300])
        for uid in sorted(ids - muted)
    ]
    Notification.objects.bulk_create(rows, batch_size=1000)
    return len(rows)

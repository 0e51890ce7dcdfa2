"""Thin Celery wrappers: ids in, never model objects. They run in the schema they were sent
from (an organisation's, or public for the network); services send them by name."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="threads.tasks.notify_about_comment")
def notify_about_comment(comment_id: int) -> int:
    from threads.services import notify_about_comment as run

    return run(comment_id=comment_id)


@shared_task(name="threads.tasks.notify_mentions")
def notify_mentions(comment_id: int) -> int:
    from threads.services import notify_mentions as run

    return run(comment_id=comment_id)

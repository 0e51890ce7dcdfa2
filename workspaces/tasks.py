"""Thin Celery wrappers: ids in, never model objects. They run in the schema they were
enqueued in (an organisation's, or public for the network)."""

from __future__ import annotations

from celery import shared_task


@shared_task
def notify_mentions(post_id: int) -> int:
    from workspaces.services import notify_mentions as notify

    return notify(post_id=post_id)


@shared_task
def notify_new_post(post_id: int) -> int:
    from workspaces.services import notify_new_post as notify

    return notify(post_id=post_id)

"""Thin Celery wrappers around the marketplace services (ids in, never model objects)."""

from __future__ import annotations

from celery import shared_task

from public_marketplace.services import boxes, follows, goals, pending_images


@shared_task
def notify_new_impulse(impulse_id: int) -> int:
    return follows.notify_followers_of_new_impulse(impulse_id=impulse_id)


@shared_task
def notify_stage_change(change_id: int) -> int:
    return boxes.notify_stage_change(change_id=change_id)


@shared_task
def purge_pending_images() -> int:
    return pending_images.purge_pending_images()


@shared_task
def notify_goal_reached(impulse_id: int) -> int:
    return goals.notify_goal_reached(impulse_id=impulse_id)


@shared_task
def mark_missed_goals() -> int:
    return goals.mark_missed_goals()


@shared_task
def notify_goal_missed(impulse_id: int) -> int:
    return goals.notify_goal_missed(impulse_id=impulse_id)

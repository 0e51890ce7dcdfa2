"""Support goals: an impulse aims at a council body (Gremium) with a number of supports to
reach by a deadline. The body's data (``CouncilBody.support_goal``, ``support_period_days``)
gives the defaults. Reaching the goal in time is recorded once and offers the box to turn the
impulse into a motion; missing it is recorded by the hourly ``mark_missed_goals`` and shown as
it is. Neither is undone: supports withdrawn after reaching, or given after missing, change the
count but not the outcome.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from config import jobs
from config.domain import DomainError
from notifications.services import notify
from public_marketplace.models import CouncilBody, Impulse, ImpulseStatus, Support
from public_marketplace.permissions import can_aim_impulse
from workspaces.models import WorkspaceMember

MAX_GOAL = 100_000
MAX_PERIOD_DAYS = 365
# Stages in which an impulse collects supports (services/impulses._supportable).
AIMABLE = (ImpulseStatus.PUBLISHED, ImpulseStatus.GATHERING, ImpulseStatus.IN_IMPLEMENTATION)
MISSED_BATCH = 1000  # impulses marked per run of the hourly job; the next run takes the rest
NOTIFY_BATCH = 2000  # supporters read per query when a goal is reached
# What deciding on a goal reads of an impulse.
GOAL_FIELDS = ("support_goal", "support_deadline", "goal_reached_at", "goal_missed_at")


class GoalError(DomainError):
    pass


def motion_start_path(impulse: Impulse) -> str:
    """Where the impulse's box drafts a motion (the motions app), or "" without a box."""
    if impulse.box_id is None or impulse.box is None:
        return ""
    return f"/boxen/{impulse.box.slug}/antraege/neu/"


def end_of_day(day: date) -> datetime:
    """A deadline "bis 1. März" includes the whole of that day, in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def default_deadline(body: CouncilBody) -> date | None:
    if not body.support_period_days:
        return None
    return timezone.localdate() + timedelta(days=body.support_period_days)


def _impulse_url(impulse: Impulse) -> str:
    return f"/impulse/{impulse.public_id}/"


def _locked(impulse: Impulse) -> Impulse:
    return Impulse.objects.select_for_update().get(pk=impulse.pk)


def _ensure_may_change(by: Any, impulse: Impulse) -> None:
    if not can_aim_impulse(by, impulse):
        raise GoalError(_("Du darfst das Ziel dieses Impulses nicht festlegen."), code="forbidden")
    if impulse.goal_reached_at is not None:
        raise GoalError(
            _("Das Ziel ist erreicht; es bleibt so stehen, wie es war."), code="conflict"
        )
    if impulse.goal_missed_at is not None:
        raise GoalError(
            _("Das Ziel ist verfehlt; das bleibt sichtbar und lässt sich nicht mehr ändern."),
            code="conflict",
        )


@transaction.atomic
def aim_at_body(
    *,
    by: Any,
    impulse: Impulse,
    body: CouncilBody | None,
    goal: int | None = None,
    deadline: date | datetime | None = None,
) -> Impulse:
    """Aim the impulse at ``body``: ``goal`` supports by ``deadline`` (a day: through its end).
    Left out, both come from the body's data. An open aim may be changed (it is replaced as a
    whole); a reached or missed one is final."""
    impulse = _locked(impulse)
    _ensure_may_change(by, impulse)
    if impulse.is_hidden or impulse.status not in AIMABLE:
        raise GoalError(
            _("Ein Ziel gibt es nur für veröffentlichte Impulse, die Unterstützung sammeln."),
            code="conflict",
        )
    if body is None or body.city_id != impulse.city_id:
        raise GoalError(
            _("Bitte wähle ein Gremium der Stadt, in der der Impuls steht."), field="target_body"
        )
    if goal is None:
        goal = body.support_goal
        if goal is None:
            raise GoalError(
                _("Für dieses Gremium gibt es kein voreingestelltes Ziel. Bitte gib eine Zahl an."),
                field="support_goal",
            )
    if not 1 <= goal <= MAX_GOAL:
        raise GoalError(
            _("Das Ziel muss zwischen 1 und %(max)s Unterstützungen liegen.")
            % {"max": formats.number_format(MAX_GOAL, force_grouping=True)},
            field="support_goal",
        )
    if goal <= impulse.support_count:
        raise GoalError(
            _(
                "Der Impuls hat schon %(n)s Unterstützungen. Ein Ziel muss darüber liegen, "
                "sonst wäre es schon erreicht."
            )
            % {"n": impulse.support_count},
            field="support_goal",
        )
    if deadline is None:
        deadline = default_deadline(body)
        if deadline is None:
            raise GoalError(
                _("Für dieses Gremium gibt es keine voreingestellte Frist. Bitte wähle ein Datum."),
                field="support_deadline",
            )
    if not isinstance(deadline, datetime):
        deadline = end_of_day(deadline)
    now = timezone.now()
    if deadline < now + timedelta(days=1):
        raise GoalError(
            _("Die Frist muss mindestens einen Tag in der Zukunft liegen."),
            field="support_deadline",
        )
    if deadline > end_of_day(timezone.localdate() + timedelta(days=MAX_PERIOD_DAYS)):
        raise GoalError(
            _("Die Frist darf höchstens ein Jahr in der Zukunft liegen."),
            field="support_deadline",
        )
    impulse.target_body = body
    impulse.support_goal = goal
    impulse.support_deadline = deadline
    impulse.save(update_fields=["target_body", "support_goal", "support_deadline", "updated_at"])
    return impulse


@transaction.atomic
def clear_aim(*, by: Any, impulse: Impulse) -> Impulse:
    """Take back an open aim (a reached or missed one stays on the page)."""
    impulse = _locked(impulse)
    _ensure_may_change(by, impulse)
    impulse.target_body = None
    impulse.support_goal = None
    impulse.support_deadline = None
    impulse.save(update_fields=["target_body", "support_goal", "support_deadline", "updated_at"])
    return impulse


def reach_goal_if_due(impulse: Impulse) -> bool:
    """Called after a support was counted (``impulse`` holds the fresh counter and goal). The
    UPDATE's own condition decides, so of two supports that cross the goal at once only one
    records it and sends the news."""
    if (
        impulse.support_goal is None
        or impulse.goal_reached_at is not None
        or impulse.goal_missed_at is not None
        or impulse.support_count < impulse.support_goal
    ):
        return False  # no query for the usual support
    now = timezone.now()
    reached = Impulse.objects.filter(
        pk=impulse.pk,
        goal_reached_at__isnull=True,
        goal_missed_at__isnull=True,
        support_deadline__gt=now,
        support_count__gte=F("support_goal"),
    ).update(goal_reached_at=now)
    if reached:
        impulse.goal_reached_at = now
        jobs.enqueue("public_marketplace.tasks.notify_goal_reached", impulse.pk)
    return bool(reached)


def _in_batches(ids: Any) -> Iterator[list[int]]:
    """User ids of a values_list query in batches, by keyset (no OFFSET, no list of all)."""
    last = 0
    while True:
        batch = list(ids.filter(user_id__gt=last).order_by("user_id")[:NOTIFY_BATCH])
        if not batch:
            return
        yield batch
        last = batch[-1]


def _box_members(impulse: Impulse) -> set[int]:
    if impulse.box_id is None:
        return set()
    return set(
        WorkspaceMember.objects.filter(workspace_id=impulse.box_id).values_list(
            "user_id", flat=True
        )
    )


def notify_goal_reached(*, impulse_id: int) -> int:
    """Tell the box's members and the supporters (and the author) that the goal is reached."""
    impulse = Impulse.objects.select_related("target_body").filter(pk=impulse_id).first()
    if impulse is None or impulse.goal_reached_at is None or impulse.target_body is None:
        return 0
    title = _("Ziel erreicht: „%(title)s“ hat %(goal)s Unterstützungen für %(body)s") % {
        "title": impulse.title,
        "goal": impulse.support_goal,
        "body": impulse.target_body.name,
    }
    url = _impulse_url(impulse) + "#ziel"
    people = _box_members(impulse) | {impulse.author_id}
    sent = notify(user_ids=people, verb="impulse.goal_reached", title=title, url=url)
    supporters = Support.objects.filter(impulse=impulse).values_list("user_id", flat=True)
    for batch in _in_batches(supporters):
        sent += notify(
            user_ids=set(batch) - people, verb="impulse.goal_reached", title=title, url=url
        )
    return sent


def mark_missed_goals(*, limit: int = MISSED_BATCH) -> int:
    """Mark the open goals whose deadline has passed as missed, with the count at that moment:
    one UPDATE over at most ``limit`` impulses (rows another transaction holds are left to the
    next run), then the news for each after commit."""
    table = Impulse._meta.db_table
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        # The table name is the model's; values are parameters. The CTE runs once (a plain
        # ``id IN (SELECT … LIMIT n FOR UPDATE)`` may be rescanned and pass more than n rows).
        cursor.execute(
            f'WITH due AS MATERIALIZED (SELECT id FROM "{table}" WHERE support_deadline <= %s '  # noqa: S608
            "AND goal_reached_at IS NULL AND goal_missed_at IS NULL "
            "ORDER BY support_deadline, id LIMIT %s FOR UPDATE SKIP LOCKED) "
            f'UPDATE "{table}" AS i SET goal_missed_at = %s, goal_missed_count = i.support_count '
            "FROM due WHERE i.id = due.id RETURNING i.id",
            [now, limit, now],
        )
        missed = [row[0] for row in cursor.fetchall()]
        for impulse_id in missed:
            jobs.enqueue("public_marketplace.tasks.notify_goal_missed", impulse_id)
    return len(missed)


def notify_goal_missed(*, impulse_id: int) -> int:
    """Tell the author and the box's members, plainly, that the goal was missed."""
    impulse = Impulse.objects.select_related("target_body").filter(pk=impulse_id).first()
    if impulse is None or impulse.goal_missed_at is None or impulse.target_body is None:
        return 0
    deadline = timezone.localtime(impulse.support_deadline)
    title = _("Ziel verfehlt: „%(title)s“ hat %(n)s von %(goal)s Unterstützungen bis %(date)s") % {
        "title": impulse.title,
        "n": impulse.goal_missed_count,
        "goal": impulse.support_goal,
        "date": formats.date_format(deadline, "DATE_FORMAT"),
    }
    people = _box_members(impulse) | {impulse.author_id}
    url = _impulse_url(impulse) + "#ziel"
    return notify(user_ids=people, verb="impulse.goal_missed", title=title, url=url)

"""Reads for the moderation pages: the open-report queue and the audit log.

Both run a fixed number of queries whatever the number of reports: the queue groups reports by
target in the database and fetches the targets and recent reports of one page in bulk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast
from uuid import UUID

from django.db.models import Count, F, Max, Min, Q, Window
from django.db.models.functions import RowNumber

from accounts.models import User
from moderation.models import ModerationAction, Report, ReportReason, ReportStatus, TargetKind
from public_marketplace.models import Impulse
from threads.models import Comment

QUEUE_SIZE = 50
REPORTS_PER_TARGET = 5
LOG_PAGE_SIZE = 50

# URL slugs for targets (German UI words) and the kinds they stand for.
REPORT_SLUGS = {
    "impuls": TargetKind.IMPULSE,
    "kommentar": TargetKind.COMMENT,
    "person": TargetKind.USER,
}
HIDEABLE_SLUGS = {"impulse": TargetKind.IMPULSE, "kommentare": TargetKind.COMMENT}
KIND_SLUGS = {
    TargetKind.IMPULSE: "impulse",
    TargetKind.COMMENT: "kommentare",
    TargetKind.USER: "personen",
}
GROUP_BY = ("target_kind", "impulse_id", "comment_id", "reported_user_id")

_TARGET_FIELD = {
    TargetKind.IMPULSE: "impulse_id",
    TargetKind.COMMENT: "comment_id",
    TargetKind.USER: "reported_user_id",
}


def report_target(kind: str, public_id: UUID) -> Impulse | Comment | User | None:
    """The object behind a report URL; visibility is the service's to judge."""
    if kind == TargetKind.IMPULSE:
        return Impulse.objects.filter(public_id=public_id).first()
    if kind == TargetKind.COMMENT:
        return (
            Comment.objects.select_related("thread", "author").filter(public_id=public_id).first()
        )
    if kind == TargetKind.USER:
        return User.objects.filter(public_id=public_id, is_active=True).first()
    return None


def open_report(public_id: UUID) -> Report | None:
    return Report.objects.filter(public_id=public_id, status=ReportStatus.OPEN).first()


@dataclass
class QueueItem:
    """Everything the staff need to decide about one reported target."""

    kind: str
    target: Any
    count: int
    first_reported_at: Any
    reason_counts: list[tuple[str, int]]
    reports: list[Report] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return KIND_SLUGS[TargetKind(self.kind)]

    @property
    def any_report(self) -> Report:
        """The report the group's "dismiss all" form points at (any open one will do)."""
        return self.reports[0]


@dataclass
class Queue:
    items: list[QueueItem]
    open_targets: int  # how many targets wait in all (the page shows the oldest QUEUE_SIZE)


def report_queue(limit: int = QUEUE_SIZE) -> Queue:
    """Open reports grouped by target, the longest-waiting target first; five queries in all."""
    open_reports = Report.objects.filter(status=ReportStatus.OPEN)
    # values() rows are TypedDicts to mypy; the per-reason keys are made up here, hence Any.
    groups = cast(
        list[dict[str, Any]],
        list(
            open_reports.values(*GROUP_BY)
            .annotate(
                count=Count("id"),
                first_reported_at=Min("created_at"),
                last_id=Max("id"),
                **{
                    f"n_{reason}": Count("id", filter=Q(reason=reason))
                    for reason in ReportReason.values
                },
            )
            .order_by("first_reported_at", "last_id")[:limit]
        ),
    )
    open_targets = len(groups)
    if open_targets == limit:
        open_targets = open_reports.order_by().values(*GROUP_BY).distinct().count()

    ids: dict[TargetKind, set[int]] = {kind: set() for kind in TargetKind}
    for group in groups:
        kind = TargetKind(group["target_kind"])
        ids[kind].add(group[_TARGET_FIELD[kind]])
    targets: dict[TargetKind, dict[int, Any]] = {
        TargetKind.IMPULSE: Impulse.objects.select_related("author", "organisation").in_bulk(
            ids[TargetKind.IMPULSE]
        )
        if ids[TargetKind.IMPULSE]
        else {},
        TargetKind.COMMENT: Comment.objects.select_related("author", "thread").in_bulk(
            ids[TargetKind.COMMENT]
        )
        if ids[TargetKind.COMMENT]
        else {},
        TargetKind.USER: User.objects.in_bulk(ids[TargetKind.USER]) if ids[TargetKind.USER] else {},
    }

    recent: dict[tuple[str, int], list[Report]] = {}
    if groups:
        in_page = Q()
        for kind, pks in ids.items():
            if pks:
                in_page |= Q(target_kind=kind, **{f"{_TARGET_FIELD[kind]}__in": pks})
        ranked = (
            open_reports.filter(in_page)
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F(name) for name in GROUP_BY],
                    order_by=[F("created_at").desc(), F("id").desc()],
                )
            )
            .filter(rank__lte=REPORTS_PER_TARGET)
            .order_by("-created_at", "-id")
        )  # fmt: skip
        for report in ranked:
            kind = TargetKind(report.target_kind)
            key = (kind.value, getattr(report, _TARGET_FIELD[kind]))
            recent.setdefault(key, []).append(report)

    items = []
    reasons = dict(ReportReason.choices)
    for group in groups:
        kind = TargetKind(group["target_kind"])
        pk = group[_TARGET_FIELD[kind]]
        items.append(
            QueueItem(
                kind=kind.value,
                target=targets[kind].get(pk),
                count=group["count"],
                first_reported_at=group["first_reported_at"],
                reason_counts=[
                    (str(reasons[r]), group[f"n_{r}"])
                    for r in ReportReason.values
                    if group[f"n_{r}"]
                ],
                reports=recent.get((kind.value, pk), []),
            )
        )  # fmt: skip
    return Queue(items=items, open_targets=open_targets)


@dataclass
class LogEntry:
    entry: ModerationAction
    target: Any  # the impulse, comment or person, if it still exists


@dataclass
class LogPage:
    entries: list[LogEntry]
    next_before: int | None  # keyset cursor: show entries with a smaller id


def audit_log(*, before: int | None = None, limit: int = LOG_PAGE_SIZE) -> LogPage:
    """The newest decisions first, keyset-paged by id; the targets fetched in bulk."""
    qs = ModerationAction.objects.select_related("actor").order_by("-id")
    if before is not None:
        qs = qs.filter(id__lt=before)
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    wanted: dict[str, set[UUID]] = {kind: set() for kind in TargetKind.values}
    for row in rows:
        wanted[row.target_kind].add(row.target_id)
    found: dict[tuple[str, UUID], Any] = {}
    models: dict[str, Any] = {
        TargetKind.IMPULSE: Impulse.objects.all(),
        TargetKind.COMMENT: Comment.objects.select_related("thread", "author"),
        TargetKind.USER: User.objects.all(),
    }
    for kind, public_ids in wanted.items():
        if public_ids:
            for obj in models[kind].filter(public_id__in=public_ids):
                found[(kind, obj.public_id)] = obj
    return LogPage(
        entries=[LogEntry(row, found.get((row.target_kind, row.target_id))) for row in rows],
        next_before=rows[-1].pk if more and rows else None,
    )

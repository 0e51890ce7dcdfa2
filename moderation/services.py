"""Reporting content and the staff's decisions on it; every decision lands in the audit log.

The staff's restrictions (hide, block) need a stated reason: the person affected is owed one
(Digital Services Act, Art. 17), and the log must show why, not only what.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from config import ratelimit
from config.domain import DomainError
from moderation.models import (
    MAX_TEXT,
    ActionKind,
    ModerationAction,
    Report,
    ReportReason,
    ReportStatus,
    TargetKind,
)
from moderation.permissions import can_moderate, is_own, is_reportable
from moderation.rules import ensure_can_participate
from notifications.services import notify
from public_marketplace.models import Impulse
from threads.models import Comment

logger = logging.getLogger(__name__)

Target = Impulse | Comment | User


class ModerationError(DomainError):
    pass


def target_kind_of(target: Target) -> TargetKind:
    if isinstance(target, Impulse):
        return TargetKind.IMPULSE
    if isinstance(target, Comment):
        return TargetKind.COMMENT
    return TargetKind.USER


def _ensure_staff(actor: Any) -> None:
    if not can_moderate(actor):
        raise ModerationError(_("Nur das Moderationsteam darf das."), code="forbidden")


def _clean_text(value: str, *, field: str, missing: str | None = None) -> str:
    """Trimmed free text of at most MAX_TEXT characters; ``missing`` makes it required."""
    text = (value or "").strip()
    if missing is not None and not text:
        raise ModerationError(missing, field=field)
    if len(text) > MAX_TEXT:
        raise ModerationError(_("Höchstens %(n)d Zeichen.") % {"n": MAX_TEXT}, field=field)
    return text


def _target_filter(target: Target) -> dict[str, Any]:
    kind = target_kind_of(target)
    field = {"impulse": "impulse", "comment": "comment", "user": "reported_user"}[kind]
    return {"target_kind": kind, field: target}


@transaction.atomic
def report_content(*, reporter: Any, target: Target, reason: str, text: str = "") -> Report:
    """A signed-in person reports an impulse, a comment or a person to the staff."""
    if not reporter.is_authenticated or not reporter.is_active:
        raise ModerationError(_("Bitte melde dich an."), code="forbidden")
    ensure_can_participate(reporter)
    if reason not in ReportReason.values:
        raise ModerationError(_("Bitte wähle einen Grund."), field="reason")
    text = _clean_text(text, field="text")
    if reason == ReportReason.OTHER and not text:
        raise ModerationError(_("Bitte beschreibe kurz, was los ist."), field="text")
    if not is_reportable(target):
        raise ModerationError(_("Diesen Beitrag gibt es nicht (mehr)."), code="not_found")
    if is_own(reporter, target):
        raise ModerationError(
            _("Du kannst dich nicht selbst oder eigene Beiträge melden."), code="forbidden"
        )
    ratelimit.hit("report.create", reporter.pk)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                reporter=reporter, reason=reason, text=text, **_target_filter(target)
            )
    except IntegrityError as exc:
        raise ModerationError(
            _("Du hast das schon gemeldet. Das Moderationsteam sieht es sich an."),
            code="conflict",
        ) from exc
    logger.info(
        "content reported",
        extra={
            "report_id": report.pk,
            "target_kind": report.target_kind,
            "reporter_id": reporter.pk,
        },
    )
    return report


def _record(
    *,
    actor: Any,
    action: ActionKind,
    kind: str,
    target_id: Any,
    reason: str,
) -> ModerationAction:
    entry = ModerationAction.objects.create(
        actor=actor, action=action, target_kind=kind, target_id=target_id, reason=reason
    )
    logger.info(
        "moderation action",
        extra={
            "action": action.value,
            "target_kind": kind,
            "actor_id": actor.pk,
            "entry_id": entry.pk,
        },
    )
    return entry


def _close_open_reports(
    reports: QuerySet[Report], *, actor: Any, target_id: Any, status: ReportStatus, note: str
) -> list[Report]:
    """Close the open ones among ``reports`` (all about the target with public id ``target_id``)
    and log one entry per report, so each reporter's case has its outcome on record."""
    closed = list(reports.filter(status=ReportStatus.OPEN).select_for_update())
    if not closed:
        return []
    now = timezone.now()
    Report.objects.filter(pk__in=[r.pk for r in closed]).update(
        status=status, handled_by=actor, handled_at=now, decision_note=note
    )
    action = ActionKind.DISMISS if status == ReportStatus.DISMISSED else ActionKind.RESOLVE
    ModerationAction.objects.bulk_create(
        ModerationAction(
            actor=actor,
            action=action,
            target_kind=r.target_kind,
            target_id=target_id,
            report=r,
            reason=note,
        )
        for r in closed
    )
    for r in closed:
        r.status, r.handled_by, r.handled_at, r.decision_note = status, actor, now, note
    return closed


def _locked(target: Impulse | Comment) -> Impulse | Comment:
    if isinstance(target, Impulse):
        return Impulse.objects.select_for_update().get(pk=target.pk)
    return (
        Comment.objects.select_for_update(of=("self",)).select_related("thread").get(pk=target.pk)
    )


def tell_author(*, target: Impulse | Comment, hidden: bool, reason: str) -> None:
    """The person whose words were hidden (or shown again) is told, with the reason (DSA
    Art. 17), after commit."""
    author_id = target.author_id
    if author_id is None:
        return
    what = _("Dein Impuls") if isinstance(target, Impulse) else _("Dein Kommentar")
    title = (
        _("%(what)s wurde von der Moderation verborgen: %(reason)s")
        if hidden
        else _("%(what)s ist wieder sichtbar.")
    ) % {"what": what, "reason": reason}
    url = f"/impulse/{target.public_id}/" if isinstance(target, Impulse) else target.link
    verb = "moderation.hidden" if hidden else "moderation.restored"
    transaction.on_commit(lambda: notify(user_ids=[author_id], verb=verb, title=title, url=url))


def _set_hidden(target: Impulse | Comment, hidden: bool) -> None:
    target.is_hidden = hidden
    fields = ["is_hidden", "updated_at"] if isinstance(target, Impulse) else ["is_hidden"]
    target.save(update_fields=fields)


@transaction.atomic
def hide_content(*, actor: Any, target: Impulse | Comment, reason: str) -> Impulse | Comment:
    """Staff hide an impulse or a comment; open reports on it count as resolved."""
    _ensure_staff(actor)
    reason = _clean_text(reason, field="reason", missing=_("Bitte begründe die Entscheidung."))
    target = _locked(target)
    if target.is_hidden:
        raise ModerationError(_("Das ist schon verborgen."), code="conflict")
    _set_hidden(target, True)
    tell_author(target=target, hidden=True, reason=reason)
    kind = target_kind_of(target)
    _record(
        actor=actor, action=ActionKind.HIDE, kind=kind, target_id=target.public_id, reason=reason
    )
    _close_open_reports(
        Report.objects.filter(**_target_filter(target)),
        actor=actor,
        target_id=target.public_id,
        status=ReportStatus.RESOLVED,
        note=reason,
    )
    return target


@transaction.atomic
def restore_content(
    *, actor: Any, target: Impulse | Comment, reason: str = ""
) -> Impulse | Comment:
    """Staff undo a hide (e.g. after an objection); the content is visible again."""
    _ensure_staff(actor)
    reason = _clean_text(reason, field="reason")
    target = _locked(target)
    if not target.is_hidden:
        raise ModerationError(_("Das ist nicht verborgen."), code="conflict")
    _set_hidden(target, False)
    tell_author(target=target, hidden=False, reason=reason)
    _record(
        actor=actor,
        action=ActionKind.RESTORE,
        kind=target_kind_of(target),
        target_id=target.public_id,
        reason=reason,
    )
    return target


@transaction.atomic
def block_user(*, actor: Any, user: User, reason: str) -> User:
    """Staff block a person from taking part: they still read, but cannot post, comment,
    support or report."""
    _ensure_staff(actor)
    reason = _clean_text(reason, field="reason", missing=_("Bitte begründe die Sperre."))
    if user.pk == actor.pk or user.is_staff:
        raise ModerationError(
            _("Mitglieder des Moderationsteams können nicht gesperrt werden."), code="forbidden"
        )
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.blocked_at is not None:
        raise ModerationError(_("Diese Person ist schon gesperrt."), code="conflict")
    user.blocked_at = timezone.now()
    user.blocked_reason = reason
    user.save(update_fields=["blocked_at", "blocked_reason"])
    _record(
        actor=actor, action=ActionKind.BLOCK, kind=TargetKind.USER, target_id=user.public_id,
        reason=reason,
    )  # fmt: skip
    _close_open_reports(
        Report.objects.filter(**_target_filter(user)),
        actor=actor,
        target_id=user.public_id,
        status=ReportStatus.RESOLVED,
        note=reason,
    )
    return user


@transaction.atomic
def unblock_user(*, actor: Any, user: User, reason: str = "") -> User:
    _ensure_staff(actor)
    reason = _clean_text(reason, field="reason")
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.blocked_at is None:
        raise ModerationError(_("Diese Person ist nicht gesperrt."), code="conflict")
    user.blocked_at = None
    user.blocked_reason = ""
    user.save(update_fields=["blocked_at", "blocked_reason"])
    _record(
        actor=actor, action=ActionKind.UNBLOCK, kind=TargetKind.USER, target_id=user.public_id,
        reason=reason,
    )  # fmt: skip
    return user


@transaction.atomic
def dismiss_report(
    *, actor: Any, report: Report, note: str = "", whole_target: bool = False
) -> list[Report]:
    """Staff find nothing wrong. ``whole_target`` dismisses every open report on the same target."""
    _ensure_staff(actor)
    note = _clean_text(note, field="note")
    reports = (
        Report.objects.filter(**_target_filter(report.target))
        if whole_target
        else Report.objects.filter(pk=report.pk)
    )
    closed = _close_open_reports(
        reports,
        actor=actor,
        target_id=report.target.public_id,
        status=ReportStatus.DISMISSED,
        note=note,
    )
    if not closed:
        raise ModerationError(_("Diese Meldung ist schon bearbeitet."), code="conflict")
    return closed

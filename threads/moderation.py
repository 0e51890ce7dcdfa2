"""Moderation of threads inside an organisation: members report a comment, the organisation's
admins (and owners) hide it, restore it or dismiss the report. Reports and decisions stay in the
organisation's schema (``threads.Report``, the organisation's audit log); on the network the
platform's moderators decide instead (moderation/services.py).

Hiding and restoring need a reason, and the author is told (Digital Services Act, Art. 17).
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import record
from config import ratelimit
from moderation.models import ReportReason
from notifications.services import notify
from tenants.db import connection
from threads import services as threads
from threads.models import Comment, Report, ReportStatus
from workspaces.permissions import Actor

MAX_TEXT = 1000


class ModerationError(threads.ThreadError):
    pass


def can_moderate(actor: Actor) -> bool:
    """In an organisation its admins and owners (the scope's moderators) decide."""
    return actor.scope.kind == "intranet" and actor.is_moderator


def _ensure_moderator(actor: Actor) -> None:
    if not can_moderate(actor):
        raise ModerationError(_("Nur Admins der Organisation dürfen das."), code="forbidden")


def _clean(value: str, *, field: str, missing: str | None = None) -> str:
    text = (value or "").strip()
    if missing is not None and not text:
        raise ModerationError(missing, field=field)
    if len(text) > MAX_TEXT:
        raise ModerationError(_("Höchstens %(n)d Zeichen.") % {"n": MAX_TEXT}, field=field)
    return text


@transaction.atomic
def report_comment(*, actor: Actor, comment: Comment, reason: str, text: str = "") -> Report:
    """A member reports a comment they can read (the caller checked that) to the admins."""
    if actor.scope.kind != "intranet":
        raise ModerationError(_("Diesen Kommentar gibt es nicht."), code="not_found")
    if reason not in ReportReason.values:
        raise ModerationError(_("Bitte wähle einen Grund."), field="reason")
    text = _clean(text, field="text")
    if reason == ReportReason.OTHER and not text:
        raise ModerationError(_("Bitte beschreibe kurz, was los ist."), field="text")
    if comment.is_removed:
        raise ModerationError(_("Diesen Beitrag gibt es nicht (mehr)."), code="not_found")
    if comment.author_id == actor.user_id:
        raise ModerationError(_("Du kannst eigene Kommentare nicht melden."), code="forbidden")
    ratelimit.hit("report.create", actor.user_id)
    try:
        with transaction.atomic():
            return Report.objects.create(
                comment=comment, reporter_id=actor.user_id, reason=reason, text=text
            )
    except IntegrityError as exc:
        raise ModerationError(
            _("Du hast das schon gemeldet. Die Admins sehen es sich an."), code="conflict"
        ) from exc


def _close(comment: Comment, actor: Actor, status: str, note: str) -> int:
    return Report.objects.filter(comment=comment, status=ReportStatus.OPEN).update(
        status=status, handled_by_id=actor.user_id, handled_at=timezone.now(), decision_note=note
    )


def _tell_author(comment: Comment, *, hidden: bool, reason: str) -> None:
    author_id = comment.author_id
    if author_id is None:
        return
    title = (
        _("Dein Kommentar wurde von den Admins verborgen: %(reason)s") % {"reason": reason}
        if hidden
        else _("Dein Kommentar ist wieder sichtbar.")
    )
    verb = "moderation.hidden" if hidden else "moderation.restored"
    url = comment.link
    transaction.on_commit(lambda: notify(user_ids=[author_id], verb=verb, title=title, url=url))


@transaction.atomic
def hide_comment(*, actor: Actor, comment: Comment, reason: str) -> Comment:
    """Admins hide a comment; open reports on it count as resolved."""
    _ensure_moderator(actor)
    reason = _clean(reason, field="reason", missing=_("Bitte begründe die Entscheidung."))
    comment = threads.set_hidden(comment=comment, hidden=True)
    closed = _close(comment, actor, ReportStatus.RESOLVED, reason)
    record(
        organisation=connection.tenant,
        action=Action.COMMENT_HIDDEN,
        actor=actor.user,
        target=("comment", str(comment.public_id)),
        details={"reports_closed": closed},
    )
    _tell_author(comment, hidden=True, reason=reason)
    return comment


@transaction.atomic
def restore_comment(*, actor: Actor, comment: Comment, reason: str) -> Comment:
    """Admins show a hidden comment again (e.g. after an objection)."""
    _ensure_moderator(actor)
    reason = _clean(reason, field="reason", missing=_("Bitte begründe die Entscheidung."))
    comment = threads.set_hidden(comment=comment, hidden=False)
    record(
        organisation=connection.tenant,
        action=Action.COMMENT_RESTORED,
        actor=actor.user,
        target=("comment", str(comment.public_id)),
    )
    _tell_author(comment, hidden=False, reason=reason)
    return comment


@transaction.atomic
def dismiss_reports(*, actor: Actor, comment: Comment, note: str = "") -> int:
    """Admins find nothing wrong: every open report on the comment is dismissed."""
    _ensure_moderator(actor)
    note = _clean(note, field="note")
    closed = _close(comment, actor, ReportStatus.DISMISSED, note)
    if not closed:
        raise ModerationError(_("Diese Meldung ist schon bearbeitet."), code="conflict")
    record(
        organisation=connection.tenant,
        action=Action.REPORT_DISMISSED,
        actor=actor.user,
        target=("comment", str(comment.public_id)),
        details={"reports_closed": closed},
    )
    return closed


def open_queue(limit: int = 50) -> list[Any]:
    """Comments with open reports, oldest report first; each with ``open_reports`` (up to five,
    with reporters). Three queries however long the queue."""
    from django.db.models import Count, Min, Prefetch

    open_reports = Report.objects.filter(status=ReportStatus.OPEN)
    return list(
        Comment.objects.filter(org_reports__status=ReportStatus.OPEN)
        .annotate(report_count=Count("org_reports"), first_reported=Min("org_reports__created_at"))
        .select_related("author", "thread")
        .prefetch_related(
            Prefetch(
                "org_reports",
                queryset=open_reports.select_related("reporter").order_by("created_at"),
                to_attr="open_reports",
            )
        )
        .order_by("first_reported", "id")[:limit]
    )

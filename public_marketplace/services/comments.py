"""Commenting on impulses: post (threaded one level deep), edit for a while, delete softly.

The impulse's ``comment_count`` is kept by these functions with one row update each (no COUNT on
read). Notifications go out after commit, from a Celery task, so a slow fan-out never holds up
the person who commented.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from config import ratelimit
from config.domain import DomainError
from moderation.rules import ensure_can_participate
from notifications.services import notify
from public_marketplace.models import Comment, Follow, Impulse
from workspaces.markdown import render_markdown

MAX_LENGTH = 5000
EDIT_WINDOW = timedelta(minutes=15)


class CommentError(DomainError):
    pass


def can_edit_comment(user: Any, comment: Comment, *, now: datetime | None = None) -> bool:
    """Only the author, only while the edit window is open, never after deletion or hiding."""
    if not user.is_authenticated or comment.author_id != user.pk:
        return False
    if comment.deleted_at is not None or comment.is_hidden:
        return False
    return comment.created_at > (now or timezone.now()) - EDIT_WINDOW


def can_delete_comment(user: Any, comment: Comment) -> bool:
    if not user.is_authenticated or comment.deleted_at is not None:
        return False
    return bool(comment.author_id == user.pk or user.is_staff)


def _clean_body(body: str) -> str:
    # Browsers send line breaks as CRLF; count them as one character, as the text field does.
    text = (body or "").replace("\r\n", "\n").strip()
    if not text or len(text) > MAX_LENGTH:
        raise CommentError(
            _("Ein Kommentar braucht 1 bis %(max)s Zeichen.") % {"max": "5.000"}, field="body"
        )
    return text


@transaction.atomic
def post_comment(
    *, impulse: Impulse, author: Any, body: str, parent: Comment | None = None
) -> Comment:
    """Comment on a visible impulse; a reply to a reply joins the thread of its top comment."""
    if not author.is_authenticated or not author.is_active:
        raise CommentError(_("Bitte melde dich an."), code="forbidden")
    ensure_can_participate(author)
    if not impulse.is_visible:
        raise CommentError(_("Diesen Impuls gibt es nicht."), code="not_found")
    text = _clean_body(body)
    if parent is not None:
        parent = Comment.objects.get(pk=parent.pk)  # fresh: it may have been deleted meanwhile
        if parent.impulse_id != impulse.pk:
            raise CommentError(_("Diesen Kommentar gibt es nicht."), field="parent")
        if parent.deleted_at is not None or parent.is_hidden:
            raise CommentError(
                _("Auf diesen Kommentar kann man nicht mehr antworten."),
                field="parent",
                code="conflict",
            )
        if parent.parent_id is not None:  # threads are one level deep
            parent = Comment.objects.get(pk=parent.parent_id)
    ratelimit.hit("comment.create", author.pk)
    comment = Comment.objects.create(
        impulse=impulse, parent=parent, author=author, body=text, body_html=render_markdown(text)
    )
    Impulse.objects.filter(pk=impulse.pk).update(comment_count=F("comment_count") + 1)
    impulse.comment_count += 1
    transaction.on_commit(lambda: _enqueue_notifications(comment.pk))
    return comment


@transaction.atomic
def edit_comment(*, comment: Comment, editor: Any, body: str) -> Comment:
    """The author may correct a comment within ``EDIT_WINDOW`` of posting it."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if not editor.is_authenticated or comment.author_id != editor.pk:
        raise CommentError(_("Du darfst diesen Kommentar nicht bearbeiten."), code="forbidden")
    ensure_can_participate(editor)
    if comment.deleted_at is not None or comment.is_hidden:
        raise CommentError(_("Dieser Kommentar wurde entfernt."), code="conflict")
    if not can_edit_comment(editor, comment):
        raise CommentError(
            _("Kommentare können nur in den ersten 15 Minuten bearbeitet werden."),
            code="conflict",
        )
    text = _clean_body(body)
    comment.body = text
    comment.body_html = render_markdown(text)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    return comment


@transaction.atomic
def delete_comment(*, comment: Comment, by: Any) -> Comment:
    """The author or platform staff delete a comment. The row stays (replies hang on it), its
    text goes. Deleting twice changes nothing."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if not by.is_authenticated or not (comment.author_id == by.pk or by.is_staff):
        raise CommentError(_("Du darfst diesen Kommentar nicht löschen."), code="forbidden")
    if comment.deleted_at is not None:
        return comment
    comment.deleted_at = timezone.now()
    comment.body = ""
    comment.body_html = ""
    comment.save(update_fields=["deleted_at", "body", "body_html"])
    Impulse.objects.filter(pk=comment.impulse_id).update(
        comment_count=Greatest(F("comment_count") - 1, Value(0))
    )
    return comment


def notify_about_new_comment(*, comment_id: int) -> int:
    """The impulse's author, its followers and (for a reply) the author of the comment replied
    to hear about a new comment; the commenter does not."""
    comment = Comment.objects.select_related("impulse", "parent").filter(pk=comment_id).first()
    if comment is None or comment.deleted_at is not None or comment.is_hidden:
        return 0
    impulse = comment.impulse
    if not impulse.is_visible:
        return 0
    recipients = set(Follow.objects.filter(impulse_id=impulse.pk).values_list("user_id", flat=True))
    recipients.add(impulse.author_id)
    if comment.parent is not None and comment.parent.author_id is not None:
        recipients.add(comment.parent.author_id)
    recipients.discard(comment.author_id)
    return notify(
        user_ids=recipients,
        verb="comment.new",
        title=_("Neuer Kommentar zu „%(title)s“") % {"title": impulse.title},
        url=f"/impulse/{impulse.public_id}/#kommentar-{comment.public_id}",
    )


def _enqueue_notifications(comment_id: int) -> None:
    from notifications.tasks import notify_about_comment

    notify_about_comment.delay(comment_id)

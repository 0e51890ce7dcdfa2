"""Commenting on impulses: the impulse's place in the thread building block (threads/).

These functions check what only the network knows (signed in, not blocked, the impulse
visible, staff may delete) and leave the thread's own rules (replies, the 15-minute edit
window, soft deletion, the ``comment_count``) to threads/services.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils.translation import gettext as _

from moderation.rules import ensure_can_participate
from notifications.services import notify
from public_marketplace.models import Follow, Impulse
from threads import services as threads
from threads.models import Comment
from threads.places import Place

KIND = "impulse"
MAX_LENGTH = 5000
EDIT_WINDOW = timedelta(minutes=15)
CommentError = threads.ThreadError


def can_edit_comment(user: Any, comment: Comment, *, now: datetime | None = None) -> bool:
    if not user.is_authenticated:
        return False
    return threads.can_edit_comment(user.pk, comment)


def can_delete_comment(user: Any, comment: Comment) -> bool:
    if not user.is_authenticated or comment.deleted_at is not None:
        return False
    return bool(comment.author_id == user.pk or user.is_staff)


def _signed_in(user: Any) -> None:
    if not user.is_authenticated or not user.is_active:
        raise CommentError(_("Bitte melde dich an."), code="forbidden")
    ensure_can_participate(user)


def post_comment(
    *, impulse: Impulse, author: Any, body: str, parent: Comment | None = None
) -> Comment:
    """Comment on a visible impulse; a reply to a reply joins the thread of its top comment."""
    _signed_in(author)
    if not impulse.is_visible:
        raise CommentError(_("Diesen Impuls gibt es nicht."), code="not_found")
    comment = threads.post_comment(
        kind=KIND, target_id=impulse.pk, author_id=author.pk, body=body, parent=parent
    )
    impulse.comment_count += 1
    return comment


def edit_comment(*, comment: Comment, editor: Any, body: str) -> Comment:
    """The author may correct a comment within ``EDIT_WINDOW`` of posting it."""
    if not editor.is_authenticated or comment.author_id != editor.pk:
        raise CommentError(_("Du darfst diesen Kommentar nicht bearbeiten."), code="forbidden")
    ensure_can_participate(editor)
    return threads.edit_comment(comment=comment, editor_id=editor.pk, body=body)


def delete_comment(*, comment: Comment, by: Any) -> Comment:
    """The author or platform staff delete a comment; its replies stay."""
    if not by.is_authenticated:
        raise CommentError(_("Du darfst diesen Kommentar nicht löschen."), code="forbidden")
    return threads.delete_comment(comment=comment, by_id=by.pk, may_moderate=bool(by.is_staff))


def impulse_of(comment: Comment) -> Impulse:
    return Impulse.objects.get(pk=comment.thread.target_id)


def _link(comment: Comment) -> str:
    public_id = (
        Impulse.objects.filter(pk=comment.thread.target_id)
        .values_list("public_id", flat=True)
        .first()
    )
    return f"/impulse/{public_id}/#kommentar-{comment.public_id}"


def notify_about_new_comment(comment: Comment) -> int:
    """The impulse's author, its followers and (for a reply) the author of the comment replied
    to hear about a new comment; the commenter does not."""
    impulse = Impulse.objects.filter(pk=comment.thread.target_id).first()
    if impulse is None or not impulse.is_visible:
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


def _can_read(actor: Any, comment: Comment) -> bool:
    impulse = Impulse.objects.filter(pk=comment.thread.target_id).first()
    return impulse is not None and impulse.is_visible


PLACE = Place(
    kind=KIND,
    can_read=_can_read,
    target_model="public_marketplace.Impulse",
    edit_window=EDIT_WINDOW,
    link=_link,
    notify=notify_about_new_comment,
)

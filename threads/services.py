"""Everything that changes a thread: comment, reply, edit, delete, react, hide and restore.

The place's own service checks who may read and write the target (impulse, post, discussion)
and then calls these functions, which keep the thread's rules: length, replies one level deep,
the edit window, soft deletion, and the counters (the thread's and the target's, one row update
each, so pages never COUNT). Notifications go out after commit through ``config.jobs``: tasks
are sent by name, so no service imports a tasks module (and no import circle can form).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from config import jobs, ratelimit
from config.domain import DomainError
from notifications.services import notify
from threads.mentions import mentioned_user_ids
from threads.models import COMMENT_MAX, Comment, Mention, Reaction, ReactionKind, Thread
from threads.places import place_of
from workspaces.markdown import render_markdown


class ThreadError(DomainError):
    pass


def comments_on(kind: str, target_id: int) -> QuerySet[Comment]:
    """All comments of one target's thread, without fetching the thread first."""
    return Comment.objects.filter(thread__kind=kind, thread__target_id=target_id)


def thread_for(kind: str, target_id: int) -> Thread:
    thread, _created = Thread.objects.get_or_create(kind=kind, target_id=target_id)
    return thread


def _clean_body(body: str) -> str:
    # Browsers send line breaks as CRLF; count them as one character, as the text field does.
    text = (body or "").replace("\r\n", "\n").strip()
    if not text or len(text) > COMMENT_MAX:
        raise ThreadError(
            _("Ein Kommentar braucht 1 bis %(max)s Zeichen.") % {"max": "5.000"}, field="body"
        )
    return text


def _count(thread: Thread, delta: int) -> None:
    """The thread's counter and the target's, in step; never below zero."""

    def change(field: str) -> Any:
        return F(field) + delta if delta > 0 else Greatest(F(field) + delta, Value(0))

    Thread.objects.filter(pk=thread.pk).update(comment_count=change("comment_count"))
    place = place_of(thread.kind)
    field = place.counter_field
    apps.get_model(place.target_model).objects.filter(pk=thread.target_id).update(
        **{field: change(field)}
    )


def _record_mentions(comment: Comment, text: str, people: QuerySet[Any] | None) -> None:
    if people is None:
        return
    user_ids = mentioned_user_ids(text, people, exclude=comment.author_id)
    if not user_ids:
        return
    already = set(
        Mention.objects.filter(comment=comment, user_id__in=user_ids).values_list(
            "user_id", flat=True
        )
    )
    Mention.objects.bulk_create(
        [Mention(comment=comment, user_id=uid) for uid in sorted(user_ids - already)]
    )
    jobs.enqueue("threads.tasks.notify_mentions", comment.pk)


@transaction.atomic
def post_comment(
    *,
    kind: str,
    target_id: int,
    author_id: int,
    body: str,
    parent: Comment | None = None,
    mention_people: QuerySet[Any] | None = None,
) -> Comment:
    """Comment on a target (the caller has checked that the author may); a reply to a reply
    joins the thread of its top comment. ``mention_people``: who may be mentioned (people who
    can read the target), or None where the place has no mentions."""
    text = _clean_body(body)
    thread = thread_for(kind, target_id)
    if parent is not None:
        parent = Comment.objects.select_for_update().filter(pk=parent.pk).first()
        if parent is None or parent.thread_id != thread.pk:
            raise ThreadError(_("Diesen Kommentar gibt es nicht."), field="parent")
        if parent.is_removed:
            raise ThreadError(
                _("Auf diesen Kommentar kann man nicht mehr antworten."),
                field="parent",
                code="conflict",
            )
        if parent.parent_id is not None:  # threads are one level deep
            parent = Comment.objects.select_for_update().get(pk=parent.parent_id)
    ratelimit.hit("comment.create", author_id)
    comment = Comment.objects.create(
        thread=thread,
        parent=parent,
        author_id=author_id,
        body=text,
        body_html=render_markdown(text),
    )
    if parent is not None:
        Comment.objects.filter(pk=parent.pk).update(reply_count=F("reply_count") + 1)
    _count(thread, +1)
    _record_mentions(comment, text, mention_people)
    jobs.enqueue("threads.tasks.notify_about_comment", comment.pk)
    return comment


def can_edit_comment(user_id: int | None, comment: Comment) -> bool:
    """Only the author, only while the place's edit window is open, never once removed."""
    if user_id is None or comment.author_id != user_id or comment.is_removed:
        return False
    window = place_of(comment.thread.kind).edit_window
    return window is None or comment.created_at > timezone.now() - window


def check_editor(comment: Comment, editor_id: int | None) -> None:
    """Only the author corrects a comment (asked before any input is read)."""
    if comment.author_id != editor_id:
        raise ThreadError(_("Du darfst diesen Kommentar nicht bearbeiten."), code="forbidden")


@transaction.atomic
def edit_comment(
    *, comment: Comment, editor_id: int, body: str, mention_people: QuerySet[Any] | None = None
) -> Comment:
    """The author corrects a comment (the page shows "bearbeitet")."""
    comment = (
        Comment.objects.select_for_update(of=("self",)).select_related("thread").get(pk=comment.pk)
    )
    check_editor(comment, editor_id)
    if comment.is_removed:
        raise ThreadError(_("Dieser Kommentar wurde entfernt."), code="conflict")
    if not can_edit_comment(editor_id, comment):
        raise ThreadError(
            _("Kommentare können nur in den ersten 15 Minuten bearbeitet werden."),
            code="conflict",
        )
    text = _clean_body(body)
    comment.body, comment.body_html, comment.edited_at = text, render_markdown(text), timezone.now()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    _record_mentions(comment, text, mention_people)
    return comment


@transaction.atomic
def delete_comment(*, comment: Comment, by_id: int, may_moderate: bool = False) -> Comment:
    """The author (or, with ``may_moderate``, whoever moderates the place) deletes a comment.
    The row stays with its text gone, so replies keep their place under a "gelöscht" note.
    Deleting twice changes nothing."""
    comment = (
        Comment.objects.select_for_update(of=("self",)).select_related("thread").get(pk=comment.pk)
    )
    if comment.author_id != by_id and not may_moderate:
        raise ThreadError(_("Du darfst diesen Kommentar nicht löschen."), code="forbidden")
    if comment.deleted_at is not None:
        return comment
    comment.deleted_at = timezone.now()
    comment.body = ""
    comment.body_html = ""
    comment.save(update_fields=["deleted_at", "body", "body_html"])
    if comment.parent_id is not None:
        Comment.objects.filter(pk=comment.parent_id).update(
            reply_count=Greatest(F("reply_count") - 1, Value(0))
        )
    Mention.objects.filter(comment=comment).delete()
    _count(comment.thread, -1)
    return comment


@transaction.atomic
def set_hidden(*, comment: Comment, hidden: bool) -> Comment:
    """Moderation hides a comment (the text stays for the moderators) or shows it again.
    Callers check who may and record why (moderation/services.py, threads/moderation.py)."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.is_hidden == hidden:
        raise ThreadError(
            _("Das ist schon verborgen.") if hidden else _("Das ist nicht verborgen."),
            code="conflict",
        )
    comment.is_hidden = hidden
    comment.save(update_fields=["is_hidden"])
    return comment


@transaction.atomic
def react(*, comment: Comment, user_id: int, kind: str, on: bool = True) -> bool:
    """Add (``on``) or take back a reaction where the place has them; twice changes nothing."""
    if not place_of(comment.thread.kind).reactions:
        raise ThreadError(_("Hier gibt es keine Reaktionen."), code="forbidden")
    if kind not in ReactionKind.values:
        raise ThreadError(_("Diese Reaktion gibt es nicht."), field="kind")
    if comment.is_removed:
        raise ThreadError(_("Dieser Kommentar wurde entfernt."), code="conflict")
    if on:
        Reaction.objects.get_or_create(comment=comment, user_id=user_id, kind=kind)
    else:
        Reaction.objects.filter(comment=comment, user_id=user_id, kind=kind).delete()
    return on


def delete_thread(*, kind: str, target_id: int) -> None:
    """The place deletes its target: the thread goes with it (no foreign key does it)."""
    Thread.objects.filter(kind=kind, target_id=target_id).delete()


# --- After commit, from Celery -----------------------------------------------------------------


def notify_about_comment(*, comment_id: int) -> int:
    """The place decides who hears about a new comment; nobody if it is gone meanwhile."""
    comment = (
        Comment.objects.select_related("thread", "parent", "author").filter(pk=comment_id).first()
    )
    if comment is None or comment.is_removed:
        return 0
    hook = place_of(comment.thread.kind).notify
    return hook(comment) if hook is not None else 0


def notify_mentions(*, comment_id: int) -> int:
    """Tell everyone mentioned in a comment who has not been told yet."""
    with transaction.atomic():
        pending = list(
            Mention.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(comment_id=comment_id, notified_at__isnull=True)
            .select_related("comment", "comment__author", "comment__thread")
        )
        sent = 0
        for mention in pending:
            comment = mention.comment
            if comment.is_removed:
                continue
            author = comment.author.name if comment.author is not None else _("Jemand")
            sent += notify(
                user_ids=[mention.user_id],
                verb="thread.mention",
                title=_("%(name)s hat dich in einem Kommentar erwähnt") % {"name": author},
                url=place_of(comment.thread.kind).link(comment),
            )
        Mention.objects.filter(pk__in=[m.pk for m in pending]).update(notified_at=timezone.now())
    return sent


# --- On behalf of an actor ------------------------------------------------------------------
# The thread block's own pages and API (reply, edit, delete, react) for places that register
# ``can_write``/``can_moderate``: the place answers who may, these functions keep the rules.


def _readable_place(actor: Any, comment: Comment) -> Any:
    place = place_of(comment.thread.kind)
    if actor is None or not place.can_read(actor, comment):
        raise ThreadError(_("Diesen Kommentar gibt es nicht."), code="not_found")
    return place


def _require_write(place: Any, actor: Any, comment: Comment) -> None:
    if not place.can_write(actor, comment):
        raise ThreadError(_("Hier kannst du mitlesen, aber nicht mitschreiben."), code="forbidden")


@transaction.atomic
def reply_as(actor: Any, *, parent: Comment, body: str) -> Comment:
    place = _readable_place(actor, parent)
    _require_write(place, actor, parent)
    return post_comment(
        kind=parent.thread.kind,
        target_id=parent.thread.target_id,
        author_id=actor.user_id,
        body=body,
        parent=parent,
        mention_people=place.mention_people(actor, parent),
    )


def edit_as(actor: Any, *, comment: Comment, body: str) -> Comment:
    place = _readable_place(actor, comment)
    _require_write(place, actor, comment)
    return edit_comment(
        comment=comment,
        editor_id=actor.user_id,
        body=body,
        mention_people=place.mention_people(actor, comment),
    )


def delete_as(actor: Any, *, comment: Comment) -> Comment:
    """The author (while they may write here) or the place's moderators."""
    place = _readable_place(actor, comment)
    if place.can_moderate(actor, comment):
        return delete_comment(comment=comment, by_id=actor.user_id, may_moderate=True)
    _require_write(place, actor, comment)
    return delete_comment(comment=comment, by_id=actor.user_id)


def react_as(actor: Any, *, comment: Comment, kind: str, on: bool | None = None) -> bool:
    """Add (``on``) or take back a reaction; ``on=None`` toggles it (the pages' buttons).
    Returns whether it is on."""
    place = _readable_place(actor, comment)
    _require_write(place, actor, comment)
    if on is None:
        mine = Reaction.objects.filter(comment=comment, user_id=actor.user_id, kind=kind)
        on = not mine.exists()
    return react(comment=comment, user_id=actor.user_id, kind=kind, on=on)

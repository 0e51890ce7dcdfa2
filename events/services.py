"""Everything that changes events: create, edit and cancel an event; answer it (yes / maybe /
no) with a waiting list beyond the capacity; remind those going; calendar subscription links.

Each function takes the acting ``Actor`` (keyword-only), runs in one transaction, checks the
workspace rules (workspaces/permissions.py) against freshly read rows and raises
``EventError`` with a message that web, API and admin show as it is. Every change to who is
going locks the event row first, so two answers for the last place cannot both get it.
Notifications go out after commit.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name

from config.domain import DomainError
from events.models import (
    CAPACITY_MAX,
    DESCRIPTION_MAX,
    PLACE_MAX,
    TITLE_MAX,
    URL_MAX,
    Answer,
    CalendarToken,
    Event,
    Rsvp,
)
from events.selectors import readable_events, with_role
from notifications.services import notify
from tenants.db import connection
from workspaces import permissions as perms
from workspaces.markdown import render_markdown
from workspaces.models import Visibility, Workspace, WorkspaceMember
from workspaces.permissions import Actor, Scope
from workspaces.scopes import INTRANET, NETWORK
from workspaces.selectors import role_subquery
from workspaces.tools import tool_url

REMIND_BEFORE = timedelta(hours=24)
MAX_DURATION = timedelta(days=31)
REMINDER_BATCH = 200


class EventError(DomainError):
    pass


def event_path(event: Event) -> str:
    """Where an event lives on its host (also the link in notifications and calendars): at
    /termine/<id>/ on an intranet, under its box on the network."""
    return tool_url("events:event", event.workspace, event.public_id)


def _not_found() -> EventError:
    return EventError(_("Diesen Termin gibt es nicht."), code="not_found")


def _forbidden(message: str) -> EventError:
    return EventError(message, code="forbidden")


def _fresh_event(actor: Actor, event: Event, *, lock: bool = False) -> Event:
    """The event as it is now, if the actor may read it (404 otherwise)."""
    qs = readable_events(actor)
    if lock:
        qs = qs.select_for_update(of=("self",))
    fresh = qs.filter(pk=event.pk).first()
    if fresh is None:
        raise _not_found()
    return with_role(fresh)


def _fresh_workspace(actor: Actor, workspace: Workspace | None) -> Workspace | None:
    if workspace is None:
        return None
    fresh = (
        Workspace.objects.annotate(my_role=role_subquery(actor, "pk"))
        .filter(pk=workspace.pk)
        .first()
    )
    if fresh is None or not perms.can_see_workspace(actor, fresh):
        raise EventError(_("Diese Gruppe gibt es nicht."), code="not_found", field="workspace")
    return fresh


# --- Who hears about an event ----------------------------------------------------------------


def _scope() -> Scope:
    """The scope of the schema we run in (tasks have no request to ask)."""
    return NETWORK if connection.schema_name == get_public_schema_name() else INTRANET


def _audience(event: Event, rsvps: QuerySet[Rsvp]) -> QuerySet[Rsvp]:
    """Only those who may still read the event hear about it: people still in the scope and,
    for a group that is not open, still in the group. (A moderator who answered without
    joining a closed group is left out: telling too little beats telling a secret's title
    to someone who left.)"""
    rsvps = rsvps.filter(_scope().includes("user_id"))
    if event.workspace is not None and event.workspace.visibility != Visibility.OPEN:
        rsvps = rsvps.filter(
            Exists(
                WorkspaceMember.objects.filter(
                    workspace_id=event.workspace.pk, user_id=OuterRef("user_id")
                )
            )
        )
    return rsvps


# --- Rules -----------------------------------------------------------------------------------


def can_create_event(actor: Actor, workspace: Workspace | None) -> bool:
    """Whoever may post in the workspace (or in the scope's feed) may announce an event there.
    The network has no scope-wide calendar: its events belong to a box."""
    if workspace is None and actor.scope.kind == "network":
        return False
    return perms.can_post_in(actor, workspace)


def can_edit_event(actor: Actor, event: Event) -> bool:
    """The author while they may still post there; group admins; moderators."""
    if not actor.can_write:
        return False
    if actor.is_moderator:
        return True
    if event.workspace is not None and perms.can_manage_workspace(actor, event.workspace):
        return True
    return event.created_by_id == actor.user_id and perms.can_post_in(actor, event.workspace)


def can_answer(actor: Actor, event: Event) -> bool:
    return actor.can_write and not event.is_cancelled and event.ends_at > timezone.now()


# --- Input -----------------------------------------------------------------------------------


def _clean_fields(
    *,
    title: str,
    description: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    place: str,
    online_url: str,
    capacity: int | None,
) -> dict[str, Any]:
    title = (title or "").strip()
    if not title or len(title) > TITLE_MAX:
        raise EventError(_("Der Titel braucht 1 bis 200 Zeichen."), field="title")
    description = (description or "").replace("\r\n", "\n").strip()
    if len(description) > DESCRIPTION_MAX:
        raise EventError(
            _("Die Beschreibung darf höchstens 10.000 Zeichen lang sein."), field="description"
        )
    if starts_at is None:
        raise EventError(_("Bitte gib an, wann der Termin beginnt."), field="starts_at")
    if ends_at is None:
        raise EventError(_("Bitte gib an, wann der Termin endet."), field="ends_at")
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise EventError(_("Bitte gib Datum und Uhrzeit vollständig an."), field="starts_at")
    if ends_at <= starts_at:
        raise EventError(_("Das Ende muss nach dem Beginn liegen."), field="ends_at")
    if ends_at - starts_at > MAX_DURATION:
        raise EventError(_("Ein Termin dauert höchstens 31 Tage."), field="ends_at")
    place = (place or "").strip()
    if len(place) > PLACE_MAX:
        raise EventError(_("Der Ort darf höchstens 200 Zeichen lang sein."), field="place")
    online_url = (online_url or "").strip()
    if online_url:
        try:
            URLValidator(schemes=["https", "http"])(online_url)
        except ValidationError:
            online_url = ""
        if not online_url or len(online_url) > URL_MAX or not urlsplit(online_url).hostname:
            raise EventError(
                _("Bitte gib einen vollständigen Link an, der mit https:// beginnt."),
                field="online_url",
            )
    if capacity is not None and not (1 <= capacity <= CAPACITY_MAX):
        raise EventError(
            _("Die Zahl der Plätze liegt zwischen 1 und 100.000 (oder bleibt leer)."),
            field="capacity",
        )
    return {
        "title": title,
        "description": description,
        "description_html": render_markdown(description),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": place,
        "online_url": online_url,
        "capacity": capacity,
    }


# --- Events ----------------------------------------------------------------------------------


@transaction.atomic
def create_event(
    *,
    actor: Actor,
    workspace: Workspace | None = None,
    title: str,
    description: str = "",
    starts_at: datetime | None,
    ends_at: datetime | None,
    place: str = "",
    online_url: str = "",
    capacity: int | None = None,
) -> Event:
    """Announce an event in a workspace or, without one, for the whole organisation."""
    workspace = _fresh_workspace(actor, workspace)
    if not can_create_event(actor, workspace):
        if not actor.can_write:
            raise _forbidden(_("Als Gast kannst du Termine sehen, aber keine anlegen."))
        if workspace is None:
            raise EventError(
                _("Termine gehören hier zu einer Box: Bitte gib die Box an."), field="group"
            )
        raise _forbidden(_("Termine in dieser Gruppe legen ihre Mitglieder an."))
    fields = _clean_fields(
        title=title,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        online_url=online_url,
        capacity=capacity,
    )
    if fields["ends_at"] <= timezone.now():
        raise EventError(_("Der Termin liegt schon in der Vergangenheit."), field="ends_at")
    return Event.objects.create(workspace=workspace, created_by_id=actor.user_id, **fields)


@transaction.atomic
def update_event(
    *,
    actor: Actor,
    event: Event,
    title: str,
    description: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    place: str,
    online_url: str,
    capacity: int | None,
) -> Event:
    """Change an event. A larger capacity moves people up from the waiting list; a smaller one
    takes no place away from anyone already going (only new answers wait). A new time or place
    is told to everyone who comes or may come, and their reminder is due again."""
    event = _fresh_event(actor, event, lock=True)
    if not can_edit_event(actor, event):
        raise _forbidden(_("Diesen Termin ändern nur, wer ihn angelegt hat, und die Admins."))
    if event.is_cancelled:
        raise EventError(_("Dieser Termin ist abgesagt."), code="conflict")
    fields = _clean_fields(
        title=title,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        online_url=online_url,
        capacity=capacity,
    )
    moved = (fields["starts_at"], fields["ends_at"], fields["place"], fields["online_url"]) != (
        event.starts_at,
        event.ends_at,
        event.place,
        event.online_url,
    )
    for name, value in fields.items():
        setattr(event, name, value)
    event.save(update_fields=[*fields, "updated_at"])
    _move_up(event)
    if moved:
        # A new time needs a new reminder; whoever plans to come hears of the change.
        Rsvp.objects.filter(event=event).update(reminded_at=None)
        attendees = list(
            _audience(
                event, Rsvp.objects.filter(event=event, answer__in=[Answer.YES, Answer.MAYBE])
            )
            .exclude(user_id=actor.user_id)
            .values_list("user_id", flat=True)
        )
        title = _("Geändert: „%(title)s“ – jetzt am %(date)s") % {
            "title": event.title,
            "date": timezone.localtime(event.starts_at).strftime("%d.%m.%Y um %H:%M"),
        }
        url = event_path(event)
        transaction.on_commit(
            lambda: notify(user_ids=attendees, verb="event.changed", title=title, url=url)
        )
    return event


@transaction.atomic
def cancel_event(*, actor: Actor, event: Event) -> Event:
    """Call an event off; everyone who answered yes, maybe or waits is told. Again: no change."""
    event = _fresh_event(actor, event, lock=True)
    if not can_edit_event(actor, event):
        raise _forbidden(_("Diesen Termin sagen nur, wer ihn angelegt hat, und die Admins ab."))
    if event.is_cancelled:
        return event
    event.cancelled_at = timezone.now()
    event.cancelled_by_id = actor.user_id
    event.save(update_fields=["cancelled_at", "cancelled_by", "updated_at"])
    attendees = list(
        _audience(event, Rsvp.objects.filter(event=event, answer__in=[Answer.YES, Answer.MAYBE]))
        .exclude(user_id=actor.user_id)
        .values_list("user_id", flat=True)
    )
    title = _("Abgesagt: „%(title)s“ am %(date)s") % {
        "title": event.title,
        "date": timezone.localtime(event.starts_at).strftime("%d.%m.%Y %H:%M"),
    }
    url = event_path(event)
    transaction.on_commit(
        lambda: notify(user_ids=attendees, verb="event.cancelled", title=title, url=url)
    )
    return event


# --- Answers ---------------------------------------------------------------------------------


def _move_up(event: Event) -> list[int]:
    """Fill free places from the waiting list, first come first served; the event row is
    locked by the caller. Returns who moved up (they are told after commit)."""
    if event.capacity is None:
        free = event.waiting_count
    else:
        free = min(event.waiting_count, max(0, event.capacity - event.going_count))
    if free <= 0:
        return []
    ids = list(
        Rsvp.objects.select_for_update()
        .filter(event=event, waiting=True)
        .order_by("yes_at", "id")
        .values_list("id", "user_id")[:free]
    )
    if not ids:
        return []
    Rsvp.objects.filter(id__in=[i for i, _u in ids]).update(waiting=False)
    moved = len(ids)
    Event.objects.filter(pk=event.pk).update(
        going_count=F("going_count") + moved, waiting_count=F("waiting_count") - moved
    )
    event.going_count += moved
    event.waiting_count -= moved
    user_ids = list(
        _audience(event, Rsvp.objects.filter(id__in=[i for i, _u in ids])).values_list(
            "user_id", flat=True
        )
    )
    title = _("Ein Platz ist frei geworden: du bist bei „%(title)s“ dabei.") % {
        "title": event.title
    }
    url = event_path(event)
    transaction.on_commit(
        lambda: notify(user_ids=user_ids, verb="event.moved_up", title=title, url=url)
    )
    return user_ids


def _counter(rsvp: Rsvp | None) -> str | None:
    if rsvp is None or rsvp.answer == Answer.NO:
        return None
    if rsvp.answer == Answer.MAYBE:
        return "maybe_count"
    return "waiting_count" if rsvp.waiting else "going_count"


@transaction.atomic
def answer_event(*, actor: Actor, event: Event, answer: str) -> Rsvp:
    """Answer yes, maybe or no (again, or differently: one answer per person). A yes beyond
    the capacity joins the waiting list; a place given up goes to the first who waits."""
    event = _fresh_event(actor, event, lock=True)
    if not actor.can_write:  # who may, before what
        raise _forbidden(_("Als Gast kannst du Termine sehen, aber nicht zusagen."))
    if answer not in Answer.values:
        raise EventError(_("Bitte antworte mit Ja, Vielleicht oder Nein."), field="answer")
    if event.is_cancelled:
        raise EventError(_("Dieser Termin ist abgesagt."), code="conflict")
    if event.ends_at <= timezone.now():
        raise EventError(_("Dieser Termin ist vorbei."), code="conflict")
    rsvp = Rsvp.objects.select_for_update().filter(event=event, user_id=actor.user_id).first()
    if rsvp is not None and rsvp.answer == answer:
        return rsvp  # same answer again: a waiting "yes" keeps its place in the queue
    before = _counter(rsvp)
    was_going = rsvp is not None and rsvp.going
    if rsvp is None:
        rsvp = Rsvp(event=event, user_id=actor.user_id)
    rsvp.answer = answer
    rsvp.waiting = False
    rsvp.yes_at = None
    if answer == Answer.YES:
        rsvp.yes_at = timezone.now()
        full = event.capacity is not None and event.going_count >= event.capacity
        # Someone who waits must not jump the queue by answering "maybe" and then "yes".
        rsvp.waiting = full or event.waiting_count > 0
    rsvp.save()
    after = _counter(rsvp)
    changes: dict[str, Any] = {}
    for name, delta in ((before, -1), (after, +1)):
        if name is not None:
            changes[name] = changes.get(name, 0) + delta
            setattr(event, name, getattr(event, name) + delta)
    if changes:
        Event.objects.filter(pk=event.pk).update(
            **{name: F(name) + delta for name, delta in changes.items()}
        )
    if was_going or after == "waiting_count":
        _move_up(event)
        rsvp.refresh_from_db(fields=["waiting"])
    return rsvp


# --- Reminders -------------------------------------------------------------------------------


def send_due_reminders(*, now: datetime | None = None, before: timedelta = REMIND_BEFORE) -> int:
    """Remind everyone going to an event that starts within ``before``, once per event and
    person (``reminded_at``); safe to run often and in parallel (rows are claimed with
    SKIP LOCKED). Runs in the current schema. Returns how many people were reminded."""
    now = now or timezone.now()
    due = Event.objects.filter(
        cancelled_at__isnull=True, starts_at__gt=now, starts_at__lte=now + before
    )
    sent = 0
    last_id = 0
    while True:
        batch = list(due.filter(id__gt=last_id).order_by("id").values_list("id", flat=True)[:100])
        if not batch:
            return sent
        last_id = batch[-1]
        for event_id in batch:
            sent += _remind(event_id, now)


@transaction.atomic
def _remind(event_id: int, now: datetime) -> int:
    event = Event.objects.select_related("workspace").filter(pk=event_id).first()
    if event is None:
        return 0
    reminded = 0
    while True:
        rows = list(
            Rsvp.objects.select_for_update(skip_locked=True)
            .filter(event_id=event_id, answer=Answer.YES, waiting=False, reminded_at__isnull=True)
            .order_by("id")
            .values_list("id", "user_id")[:REMINDER_BATCH]
        )
        if not rows:
            return reminded
        ids = [i for i, _u in rows]
        Rsvp.objects.filter(id__in=ids).update(reminded_at=now)
        # Claimed either way, so people who may no longer read the event are not asked again.
        rows = list(_audience(event, Rsvp.objects.filter(id__in=ids)).values_list("id", "user_id"))
        title = _("Erinnerung: „%(title)s“ beginnt am %(date)s") % {
            "title": event.title,
            "date": timezone.localtime(event.starts_at).strftime("%d.%m.%Y um %H:%M"),
        }
        notify(
            user_ids=[u for _i, u in rows],
            verb="event.reminder",
            title=title,
            url=event_path(event),
        )
        reminded += len(rows)


# --- Calendar subscription -------------------------------------------------------------------


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def renew_calendar_token(*, actor: Actor) -> str:
    """A new secret for the actor's calendar subscription; the old link stops working. The
    token is returned once (only its digest is stored)."""
    token = secrets.token_urlsafe(32)
    CalendarToken.objects.update_or_create(
        user_id=actor.user_id,
        defaults={
            "digest": token_digest(token),
            "created_at": timezone.now(),
            "last_used_at": None,
        },
    )
    return token


@transaction.atomic
def revoke_calendar_token(*, actor: Actor) -> bool:
    deleted, _rows = CalendarToken.objects.filter(user_id=actor.user_id).delete()
    return deleted > 0


def calendar_token_owner(token: str) -> Any:
    """The person a subscription token belongs to, or None for a wrong or revoked one."""
    if not token or len(token) > 100:
        return None
    found = CalendarToken.objects.select_related("user").filter(digest=token_digest(token)).first()
    if found is None:
        return None
    now = timezone.now()
    if found.last_used_at is None or now - found.last_used_at > timedelta(hours=1):
        CalendarToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user

"""The places a thread hangs on. Each app that has threads registers its place once, in its
``AppConfig.ready()``; the thread services ask the place for what differs between places.

How a new place plugs in: pick a ``kind`` (a short word, never changed: it is stored), register
a ``Place`` with its target model and counter field, a ``link`` to a comment and a ``notify``
hook, then call ``threads.services`` from the place's own service after checking who may read
and write the target (the place's rules stay the place's).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from threads.models import Comment


@dataclass(frozen=True)
class Place:
    kind: str
    # "app_label.Model" of the target and its counter column, kept in step with the thread's.
    target_model: str
    counter_field: str = "comment_count"
    reactions: bool = False
    # How long the author may edit; None: always.
    edit_window: timedelta | None = None
    # Where a comment is shown, for links in notifications and the moderation queues.
    link: Callable[[Comment], str] = lambda comment: "/"
    # Who hears about a new comment: called from a Celery task after commit, returns the count.
    notify: Callable[[Comment], int] | None = None
    # Whether the actor (workspaces.permissions.Actor) may read the comment's target.
    can_read: Callable[[Any, Comment], bool] = lambda actor, comment: False
    # The thread block's own pages and API (reply, edit, delete, react) ask these three; a
    # place that keeps its own pages (the network's impulses) may leave them at "no".
    # Whether the actor may write in the comment's thread (reply, react, correct their own).
    can_write: Callable[[Any, Comment], bool] = lambda actor, comment: False
    # Whether the actor may delete other people's comments here (group admins, moderators).
    can_moderate: Callable[[Any, Comment], bool] = lambda actor, comment: False
    # Who may be mentioned in the comment's thread (rows of people), or None: no mentions.
    mention_people: Callable[[Any, Comment], Any] = lambda actor, comment: None


_PLACES: dict[str, Place] = {}


def register(place: Place) -> None:
    _PLACES[place.kind] = place


def place_of(kind: str) -> Place:
    return _PLACES[kind]

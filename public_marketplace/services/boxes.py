"""From "Mitmachen" to a box: people offer help on an impulse (what they bring, how, where),
the impulse's owner accepts or declines, and accepting the first helper opens the impulse's
box, a workspace on the network (workspaces/) whose members implement the impulse together.
Every stage the impulse passes is on its timeline and reaches its followers and supporters.

Stages: published ("Idee") → gathering (the first offer) → in implementation (the box is open)
→ implemented (report) or abandoned (with a reason); the lifecycle itself is
services/impulses.change_status.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from config import ratelimit
from moderation.rules import ensure_can_participate
from notifications.services import notify
from public_marketplace.models import (
    District,
    Follow,
    Impulse,
    ImpulseStatus,
    ImpulseStatusChange,
    OfferKind,
    OfferMode,
    OfferStatus,
    Participation,
    Support,
)
from public_marketplace.permissions import can_edit_impulse
from public_marketplace.services.impulses import ImpulseError, record_status_change
from workspaces.models import NAME_MAX, Visibility, Workspace, WorkspaceRole
from workspaces.scopes import network_actor
from workspaces.services import WorkspaceError, admit_member, create_workspace, workspace_url

NOTE_MAX = 1000
# The stages an impulse passes on its way, as its page shows them (`stages`).
STAGES = (
    (ImpulseStatus.PUBLISHED, _lazy("Idee")),
    (ImpulseStatus.GATHERING, _lazy("Mitstreiter:innen finden")),
    (ImpulseStatus.IN_IMPLEMENTATION, _lazy("In Umsetzung")),
    (ImpulseStatus.IMPLEMENTED, _lazy("Umgesetzt")),
)
# Where help can still be offered and the box opened.
OPEN_STAGES = (ImpulseStatus.PUBLISHED, ImpulseStatus.GATHERING, ImpulseStatus.IN_IMPLEMENTATION)


def _impulse_url(impulse: Impulse) -> str:
    return f"/impulse/{impulse.public_id}/"


def box_url(box: Workspace) -> str:
    """The box's page on the network, also from a task or command (no request chose routes)."""
    return workspace_url(box, urlconf=settings.PUBLIC_SCHEMA_URLCONF)


def _locked(impulse: Impulse) -> Impulse:
    return Impulse.objects.select_for_update().get(pk=impulse.pk)


@transaction.atomic
def offer_help(
    *,
    impulse: Impulse,
    user: Any,
    brings: list[str] | None = None,
    mode: str = OfferMode.IN_PERSON,
    district: District | None = None,
    note: str = "",
) -> Participation:
    """Offer to help implement the impulse. The first offer moves an idea to "gathering"."""
    impulse = _locked(impulse)
    if impulse.is_hidden or impulse.status not in OPEN_STAGES:
        raise ImpulseError(_("Bei diesem Impuls kann gerade niemand mitmachen."), code="conflict")
    ensure_can_participate(user)
    if impulse.author_id == user.pk:
        raise ImpulseError(_("Das ist dein eigener Impuls."), code="conflict")
    brings = list(dict.fromkeys(brings or []))
    if any(kind not in OfferKind.values for kind in brings):
        raise ImpulseError(_("Bitte wähle aus der Liste, was du mitbringst."), field="brings")
    if mode not in OfferMode.values:
        raise ImpulseError(_("Bitte wähle, wie du mitmachst."), field="mode")
    if district is not None and district.city_id != impulse.city_id:
        raise ImpulseError(_("Dieser Ortsteil gehört nicht zur Stadt."), field="district")
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise ImpulseError(_("Höchstens %(n)s Zeichen, bitte.") % {"n": NOTE_MAX}, field="note")
    ratelimit.hit("offer.create", user.pk)
    try:
        with transaction.atomic():
            offer = Participation.objects.create(
                impulse=impulse, user=user, brings=brings, mode=mode, district=district, note=note
            )
    except IntegrityError as exc:
        raise ImpulseError(_("Du hast hier schon Hilfe angeboten."), code="conflict") from exc
    Impulse.objects.filter(pk=impulse.pk).update(participant_count=F("participant_count") + 1)
    if impulse.status == ImpulseStatus.PUBLISHED:
        record_status_change(impulse, ImpulseStatus.GATHERING, by=None)
    title = _("Neues Hilfsangebot für „%(title)s“") % {"title": impulse.title}
    url = _impulse_url(impulse) + "#angebote"
    author_id = impulse.author_id
    transaction.on_commit(
        lambda: notify(user_ids=[author_id], verb="impulse.offer", title=title, url=url)
    )
    return offer


@transaction.atomic
def withdraw_offer(*, impulse: Impulse, user: Any) -> None:
    """Take back an offer that is not decided yet (accepted helpers leave through the box)."""
    deleted, _details = Participation.objects.filter(
        impulse=impulse, user=user, status=OfferStatus.OFFERED
    ).delete()
    if not deleted:
        raise ImpulseError(_("Du hast hier kein offenes Angebot."), code="conflict")
    Impulse.objects.filter(pk=impulse.pk).update(participant_count=F("participant_count") - 1)


def _open(impulse: Impulse, by: Any) -> Workspace:
    """The impulse's box, opened now if it has none (``impulse`` is locked by the caller).
    The impulse's author owns it, whoever opens it."""
    if impulse.box_id is not None:
        return Workspace.objects.get(pk=impulse.box_id)
    try:
        box = create_workspace(
            actor=network_actor(impulse.author),
            name=impulse.title[:NAME_MAX],
            description=_("Hier setzen wir den Impuls „%(title)s“ gemeinsam um.")
            % {"title": impulse.title},
            # Its posts are for its members; others ask to join (members decide).
            visibility=Visibility.CLOSED,
            creator_role=WorkspaceRole.OWNER,
        )
    except WorkspaceError as exc:
        raise ImpulseError(exc.message, code=exc.code) from exc
    impulse.box = box
    impulse.save(update_fields=["box", "updated_at"])
    if impulse.status != ImpulseStatus.IN_IMPLEMENTATION:
        record_status_change(
            impulse, ImpulseStatus.IN_IMPLEMENTATION, by=by, note=_("Die Box ist offen.")
        )
    return box


@transaction.atomic
def open_box(*, impulse: Impulse, by: Any) -> Workspace:
    """The owner opens the impulse's box (also without helpers yet)."""
    impulse = _locked(impulse)
    if not can_edit_impulse(by, impulse):
        raise ImpulseError(_("Nur wer den Impuls gestartet hat, öffnet die Box."), code="forbidden")
    if impulse.is_hidden or impulse.status not in OPEN_STAGES:
        raise ImpulseError(_("Für diesen Impuls lässt sich keine Box öffnen."), code="conflict")
    return _open(impulse, by)


@transaction.atomic
def decide_offer(*, impulse: Impulse, offer: Participation, by: Any, accept: bool) -> Participation:
    """The owner accepts (the helper joins the box, opened if needed) or declines an offer.
    Each offer is decided once."""
    impulse = _locked(impulse)
    if not can_edit_impulse(by, impulse):
        raise ImpulseError(
            _("Nur wer den Impuls gestartet hat, entscheidet über Angebote."), code="forbidden"
        )
    locked = Participation.objects.select_for_update().filter(pk=offer.pk, impulse=impulse).first()
    if locked is None:
        raise ImpulseError(_("Dieses Angebot gibt es nicht."), code="not_found")
    offer = locked
    if offer.status != OfferStatus.OFFERED:
        raise ImpulseError(_("Über dieses Angebot ist schon entschieden."), code="conflict")
    if accept and (impulse.is_hidden or impulse.status not in OPEN_STAGES):
        raise ImpulseError(_("Dieser Impuls nimmt keine Hilfe mehr an."), code="conflict")
    offer.status = OfferStatus.ACCEPTED if accept else OfferStatus.DECLINED
    offer.decided_at = timezone.now()
    offer.save(update_fields=["status", "decided_at"])
    if accept:
        box = _open(impulse, by)
        admit_member(box, offer.user_id)
        title = _("Du bist dabei: „%(title)s“") % {"title": impulse.title}
        url = box_url(box)
    else:
        Impulse.objects.filter(pk=impulse.pk).update(participant_count=F("participant_count") - 1)
        title = _("Dein Angebot für „%(title)s“ wurde diesmal nicht angenommen.") % {
            "title": impulse.title
        }
        url = _impulse_url(impulse)
    helper_id = offer.user_id
    verb = "impulse.offer_accepted" if accept else "impulse.offer_declined"
    transaction.on_commit(lambda: notify(user_ids=[helper_id], verb=verb, title=title, url=url))
    return offer


def notify_stage_change(*, change_id: int) -> int:
    """Tell the impulse's followers and supporters that it reached a new stage."""
    change = ImpulseStatusChange.objects.select_related("impulse").filter(pk=change_id).first()
    if change is None or not change.impulse.is_visible:
        return 0
    impulse = change.impulse
    followers = Follow.objects.filter(impulse=impulse).values_list("user_id", flat=True)
    supporters = Support.objects.filter(impulse=impulse).values_list("user_id", flat=True)
    people = (set(followers) | set(supporters)) - {change.changed_by_id, impulse.author_id}
    return notify(
        user_ids=people,
        verb="impulse.stage",
        title=_("„%(title)s“: %(stage)s")
        % {"title": impulse.title, "stage": ImpulseStatus(change.to_status).label},
        url=_impulse_url(impulse),
    )


@dataclass(frozen=True)
class Stage:
    label: str
    state: str  # "done", "current" or "upcoming"


def stages(impulse: Impulse) -> list[Stage]:
    """Where the impulse stands on its way from idea to done; an abandoned impulse ends in
    "Aufgegeben" instead of "Umgesetzt"."""
    order: list[str] = [status for status, _label in STAGES]
    status = impulse.status
    reached = order.index(status) if status in order else -1
    if status == ImpulseStatus.ABANDONED:
        # The stages it passed before it was given up are done (its box, if it had one).
        reached = 3 if impulse.box_id else 1
    shown = []
    for index, (_status, label) in enumerate(STAGES):
        if status == ImpulseStatus.ABANDONED and index == len(STAGES) - 1:
            shown.append(Stage(str(_lazy("Aufgegeben")), "abandoned"))
            continue
        state = "done" if index < reached else "current" if index == reached else "upcoming"
        shown.append(Stage(str(label), state))
    return shown

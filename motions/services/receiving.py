"""The receiving side: an administration organisation claims a council body; once platform
staff verified the claim, its members (not guests) see the body's submitted motions in their
intranet and answer them: acknowledge receipt, schedule (meeting and agenda item), record the
outcome with the answer text. Each step is on the motion's public timeline and tells the
signers and the box; the impulse page shows the motion's stage."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from accounts.models import User
from motions.models import ANSWER_MAX, BodyClaim, Event, Motion, Outcome, State
from motions.services.common import MotionError, clean_text, fresh_motion, record_event
from public_marketplace.models import CouncilBody
from tenants.models import Organisation, OrganisationKind, Role
from tenants.roles import require_role

F = TypeVar("F", bound=Callable[..., Any])


def in_public_schema(function: F) -> F:
    """Motions, boxes and their members live in ``public``; the intranet calls these with its
    own schema first on the search path, where a workspace table of the same name exists. So
    each change runs in the public schema, in one transaction."""

    @wraps(function)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        with schema_context(get_public_schema_name()), transaction.atomic():
            return function(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


@in_public_schema
def claim_body(*, user: User, organisation: Organisation, body: CouncilBody) -> BodyClaim:
    """An administration's admins ask to receive a body's motions; staff verify."""
    require_role(organisation=organisation, user=user, minimum=Role.ADMIN)
    if organisation.kind != OrganisationKind.ADMINISTRATION:
        raise MotionError(
            _("Gremien übernehmen nur Organisationen der Verwaltung."), code="forbidden"
        )
    if (
        BodyClaim.objects.filter(body=body, verified_at__isnull=False)
        .exclude(organisation=organisation)
        .exists()
    ):
        raise MotionError(
            _("Für %(body)s ist schon eine Verwaltung zuständig.") % {"body": body.name},
            field="body",
            code="conflict",
        )
    try:
        with transaction.atomic():
            return BodyClaim.objects.create(organisation=organisation, body=body, requested_by=user)
    except IntegrityError as exc:
        raise MotionError(
            _("Diese Zuständigkeit ist schon beantragt."), field="body", code="conflict"
        ) from exc


@in_public_schema
def verify_claim(*, staff: User, claim: BodyClaim) -> BodyClaim:
    if not staff.is_staff:
        raise MotionError(_("Zuständigkeiten bestätigt das WeCreate-Team."), code="forbidden")
    try:
        with transaction.atomic():
            BodyClaim.objects.filter(pk=claim.pk).update(
                verified_at=timezone.now(), verified_by=staff
            )
    except IntegrityError as exc:
        raise MotionError(
            _("Für dieses Gremium ist schon eine andere Verwaltung bestätigt."), code="conflict"
        ) from exc
    claim.refresh_from_db()
    return claim


def receiving_body_ids(organisation: Organisation) -> list[int]:
    return list(
        BodyClaim.objects.filter(organisation=organisation, verified_at__isnull=False)
        .order_by("body_id")
        .values_list("body_id", flat=True)
    )


def _answerable(user: User, organisation: Organisation, motion: Motion) -> Motion:
    require_role(organisation=organisation, user=user, minimum=Role.MEMBER)
    motion = fresh_motion(None, motion)
    if motion.body_id not in receiving_body_ids(organisation) or motion.submitted_at is None:
        raise MotionError(_("Diesen Antrag gibt es nicht."), code="not_found")
    return motion


def _move(motion: Motion, state: str, kind: str, text: str = "", **fields: object) -> Motion:
    Motion.objects.filter(pk=motion.pk).update(state=state, **fields)
    for name, value in {"state": state, **fields}.items():
        setattr(motion, name, value)
    record_event(motion, kind, text=text, by_body=True, tell_signers=True)
    return motion


@in_public_schema
def acknowledge(*, user: User, organisation: Organisation, motion: Motion) -> Motion:
    motion = _answerable(user, organisation, motion)
    if motion.state != State.SUBMITTED:
        raise MotionError(_("Der Eingang ist schon bestätigt."), code="conflict")
    return _move(motion, State.RECEIVED, Event.Kind.RECEIVED, received_at=timezone.now())


@in_public_schema
def schedule(
    *,
    user: User,
    organisation: Organisation,
    motion: Motion,
    meeting_date: date | None,
    agenda_item: str,
    reference: str = "",
) -> Motion:
    motion = _answerable(user, organisation, motion)
    if motion.state not in (State.SUBMITTED, State.RECEIVED, State.SCHEDULED):
        raise MotionError(_("Über diesen Antrag ist schon entschieden."), code="conflict")
    if meeting_date is None:
        raise MotionError(_("Bitte nenn das Datum der Sitzung."), field="meeting_date")
    agenda_item = clean_text(
        agenda_item, maximum=200, field="agenda_item", what=_("Der Tagesordnungspunkt")
    )
    reference = clean_text(
        reference, maximum=60, field="reference", what=_("Die Drucksachennummer"), required=False
    )
    text = _("Sitzung am %(date)s, %(item)s") % {
        "date": meeting_date.strftime("%d.%m.%Y"),
        "item": agenda_item,
    }
    return _move(
        motion,
        State.SCHEDULED,
        Event.Kind.SCHEDULED,
        text=text,
        meeting_date=meeting_date,
        agenda_item=agenda_item,
        reference=reference or motion.reference,
        received_at=motion.received_at or timezone.now(),
    )


@in_public_schema
def decide(
    *, user: User, organisation: Organisation, motion: Motion, outcome: str, answer_text: str
) -> Motion:
    motion = _answerable(user, organisation, motion)
    return record_outcome(motion, outcome=outcome, answer_text=answer_text)


def record_outcome(
    motion: Motion, *, outcome: str, answer_text: str, from_paper: bool = False
) -> Motion:
    """The decision, from the administration or from the council's OParl data (the caller
    checked who may)."""
    if motion.state == State.DECIDED:
        raise MotionError(_("Über diesen Antrag ist schon entschieden."), code="conflict")
    if motion.submitted_at is None:
        raise MotionError(_("Der Antrag ist noch nicht eingereicht."), code="conflict")
    if outcome not in Outcome.values:
        raise MotionError(_("Bitte wähl das Ergebnis."), field="outcome")
    answer_text = clean_text(
        answer_text,
        maximum=ANSWER_MAX,
        field="answer_text",
        what=_("Die Antwort"),
        required=not from_paper,
    )
    label = Outcome(outcome).label
    return _move(
        motion,
        State.DECIDED,
        Event.Kind.DECIDED,
        text=f"{label}. {answer_text}".strip(),
        outcome=outcome,
        answer_text=answer_text,
        decided_at=timezone.now(),
        received_at=motion.received_at or timezone.now(),
    )

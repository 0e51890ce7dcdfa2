"""Co-signing. The box's owners open the signing (the motion becomes public); people with a
verified e-mail address sign with their name and Ortsteil; where the body speaks only for its
area's residents, the Ortsteil must lie in it and the signer states that they live there.
Signatures can be withdrawn until the motion is submitted."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from motions import rules
from motions.models import Event, Motion, Signature, State
from motions.services.common import MotionError, fresh_motion, record_event
from public_marketplace.models import CouncilBody, District
from workspaces.permissions import Actor


@transaction.atomic
def open_signing(*, actor: Actor, motion: Motion) -> Motion:
    motion = fresh_motion(actor, motion)
    if not rules.can_manage(actor, motion):
        raise MotionError(
            _("Die Unterschriftensammlung öffnen die Verantwortlichen der Box."), code="forbidden"
        )
    if motion.state != State.DRAFT:
        raise MotionError(_("Dieser Antrag ist kein Entwurf mehr."), code="conflict")
    now = timezone.now()
    Motion.objects.filter(pk=motion.pk).update(state=State.SIGNING, signing_opened_at=now)
    motion.state, motion.signing_opened_at = State.SIGNING, now
    record_event(motion, Event.Kind.SIGNING, skip_user_id=actor.user_id)
    return motion


def in_area(body: CouncilBody, district: District) -> bool:
    """An Ortsteil lies in the body's area when it, or its Stadtbezirk, is listed (an empty
    area is the whole city)."""
    area = set(body.area.values_list("pk", flat=True))
    if not area:
        return district.city_id == body.city_id
    return district.pk in area or (district.parent_id is not None and district.parent_id in area)


@transaction.atomic
def sign(
    *, actor: Actor, motion: Motion, district: District | None, declared_residence: bool = False
) -> Signature:
    motion = fresh_motion(actor, motion)
    if motion.state != State.SIGNING:
        raise MotionError(_("Dieser Antrag sammelt keine Unterschriften."), code="conflict")
    if not actor.can_write:
        raise MotionError(_("Dein Konto darf gerade nicht unterschreiben."), code="forbidden")
    if not EmailAddress.objects.filter(user_id=actor.user_id, verified=True).exists():
        raise MotionError(
            _("Unterschreiben kann nur, wer seine E-Mail-Adresse bestätigt hat."),
            code="forbidden",
        )
    body = motion.body
    if district is None or district.city_id != body.city_id:
        raise MotionError(_("Bitte wähl dein Ortsteil."), field="district")
    if body.residents_only:
        if not in_area(body, district):
            raise MotionError(
                _(
                    "%(body)s nimmt nur Anträge von Menschen an, die im Gebiet wohnen; "
                    "%(district)s gehört nicht dazu."
                )
                % {"body": body.name, "district": district.name},
                field="district",
            )
        if not declared_residence:
            raise MotionError(
                _("Bitte bestätige, dass du im Gebiet von %(body)s wohnst.") % {"body": body.name},
                field="declared_residence",
            )
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                motion=motion,
                user_id=actor.user_id,
                name=actor.user.name,
                district=district,
                declared_residence=bool(declared_residence),
                version=motion.version_count,
            )
    except IntegrityError as exc:
        raise MotionError(
            _("Du hast diesen Antrag schon unterschrieben."), code="conflict"
        ) from exc
    Motion.objects.filter(pk=motion.pk).update(signature_count=F("signature_count") + 1)
    return signature


@transaction.atomic
def withdraw(*, actor: Actor, motion: Motion) -> None:
    motion = fresh_motion(actor, motion)
    if motion.state not in (State.DRAFT, State.SIGNING):
        raise MotionError(
            _("Der Antrag ist eingereicht: Die Unterschrift lässt sich nicht mehr zurückziehen."),
            code="conflict",
        )
    deleted, _rows = Signature.objects.filter(motion=motion, user_id=actor.user_id).delete()
    if not deleted:
        raise MotionError(_("Du hast diesen Antrag nicht unterschrieben."), code="not_found")
    Motion.objects.filter(pk=motion.pk).update(signature_count=F("signature_count") - 1)

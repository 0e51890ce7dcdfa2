"""Motions in a person's data rights (see accounts/privacy.py).

Exported: the person's signatures and the versions they wrote. Erased: their signatures
(the counter follows); the versions they wrote stay as the box's text without an author. The
PDF of a motion already submitted stays as it was sent: it is the record of what the council
received (docs/privacy.md)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, F
from django.db.models.functions import Greatest

from accounts.models import User
from accounts.privacy import Rows, by_user, null_out, rows
from motions.models import BodyClaim, Motion, MotionVersion, Signature

# Motion and BodyClaim only point at people (creator, requester, verifier): erasure unlinks them.
MODELS = ["motions.Signature", "motions.MotionVersion", "motions.Motion", "motions.BodyClaim"]


def export(user: User) -> dict[str, Rows]:
    return {
        "motion_signatures": rows(by_user(Signature, user, "user")),
        "motion_versions": rows(by_user(MotionVersion, user, "author")),
    }


@transaction.atomic
def erase(user: User) -> int:
    counts = dict(
        Signature.objects.filter(user_id=user.pk)
        .values("motion_id")
        .annotate(n=Count("id"))
        .values_list("motion_id", "n")
    )
    deleted, _rows = Signature.objects.filter(user_id=user.pk).delete()
    for motion_id, n in counts.items():
        Motion.objects.filter(pk=motion_id).update(
            signature_count=Greatest(F("signature_count") - n, 0)
        )
    null_out(MotionVersion, user, "author")
    null_out(Motion, user, "created_by")
    null_out(BodyClaim, user, "requested_by", "verified_by")
    return deleted

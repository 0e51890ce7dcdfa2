"""The citizen network's part of a person's data rights (see accounts/privacy.py, docs/privacy.md).

Impulses stay when their author leaves: others supported them, councils answered them. The
author becomes the shared "gelöschtes Konto" (``Impulse.author`` is PROTECT and required);
comments (threads/privacy.py) stay without an author; supports, participations and follows go.
"""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.privacy import Rows, by_user, deleted, null_out, rows
from public_marketplace.models import (
    Follow,
    Impulse,
    ImpulseStatusChange,
    OfferStatus,
    Participation,
    Support,
)
from public_marketplace.services.impulses import hot_score

MODELS = [
    "public_marketplace.Impulse",
    "public_marketplace.ImpulseStatusChange",
    "public_marketplace.Support",
    "public_marketplace.Participation",
    "public_marketplace.Follow",
]

# One account stands in for every erased author; it has no password and cannot log in.
DELETED_ACCOUNT_EMAIL = "geloeschtes-konto@wecreate.invalid"


def deleted_account() -> User:
    account = User.objects.filter(email=DELETED_ACCOUNT_EMAIL).first()
    if account is None:
        account = User(
            email=DELETED_ACCOUNT_EMAIL,
            display_name=_("gelöschtes Konto"),
            is_active=False,
            password=make_password(None),
        )
        account.save()
    return account


def export(user: User) -> dict[str, Rows]:
    return {
        "impulses": rows(by_user(Impulse, user, "author"), leave_out=["hot_score"]),
        "impulse_status_changes": rows(by_user(ImpulseStatusChange, user, "changed_by")),
        "supports": rows(by_user(Support, user, "user")),
        "participations": rows(by_user(Participation, user, "user")),
        "follows": rows(by_user(Follow, user, "user")),
    }


def erase(user: User) -> int:
    supported = list(by_user(Support, user, "user").values_list("impulse_id", flat=True))
    joined = list(by_user(Participation, user, "user").values_list("impulse_id", flat=True))
    count = deleted(by_user(Support, user, "user"))
    count += deleted(by_user(Participation, user, "user"))
    count += deleted(by_user(Follow, user, "user"))
    _recount(set(supported) | set(joined))
    count += null_out(ImpulseStatusChange, user, "changed_by")
    authored = by_user(Impulse, user, "author")
    if authored.exists():
        count += authored.update(author=deleted_account())
    return count


def _recount(impulse_ids: set[int]) -> None:
    """Counters follow the rows, as withdraw_support() and services/boxes.py keep them
    (declined offers do not count)."""
    if not impulse_ids:
        return
    impulses = Impulse.objects.filter(pk__in=impulse_ids)
    impulses.update(
        support_count=Coalesce(
            Subquery(
                Support.objects.filter(impulse=OuterRef("pk"))
                .values("impulse")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            0,
        ),
        participant_count=Coalesce(
            Subquery(
                Participation.objects.filter(impulse=OuterRef("pk"))
                .exclude(status=OfferStatus.DECLINED)
                .values("impulse")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            0,
        ),
    )
    for pk, support_count, published_at in impulses.values_list(
        "pk", "support_count", "published_at"
    ):
        Impulse.objects.filter(pk=pk).update(hot_score=hot_score(support_count, published_at))

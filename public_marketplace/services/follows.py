"""Following impulses, districts and organisations, and telling followers about news."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from config import ratelimit
from config.domain import DomainError
from moderation.rules import ensure_can_participate
from notifications.services import notify
from public_marketplace.models import District, Follow, FollowTarget, Impulse
from tenants.models import Organisation


class FollowError(DomainError):
    pass


@transaction.atomic
def follow(*, user: Any, target: Impulse | District | Organisation) -> Follow:
    kind = _kind(target)
    ensure_can_participate(user)
    ratelimit.hit("follow.toggle", user.pk)
    try:
        with transaction.atomic():
            return Follow.objects.create(user=user, target=kind, **{kind: target})
    except IntegrityError as exc:
        raise FollowError(_("Du folgst bereits."), code="conflict") from exc


@transaction.atomic
def unfollow(*, user: Any, target: Impulse | District | Organisation) -> None:
    kind = _kind(target)
    Follow.objects.filter(user=user, **{kind: target}).delete()


def _kind(target: object) -> str:
    if isinstance(target, Impulse):
        return FollowTarget.IMPULSE
    if isinstance(target, District):
        return FollowTarget.DISTRICT
    if isinstance(target, Organisation):
        return FollowTarget.ORGANISATION
    raise FollowError(_("Dem kann man nicht folgen."))


def notify_followers_of_new_impulse(*, impulse_id: int) -> int:
    """Followers of the impulse's districts (and their Stadtbezirk) and of its organisation."""
    impulse = Impulse.objects.select_related("organisation").filter(pk=impulse_id).first()
    if impulse is None or not impulse.is_visible:
        return 0
    districts = list(impulse.districts.all())
    district_ids = {d.pk for d in districts} | {d.parent_id for d in districts if d.parent_id}
    condition = Q(district_id__in=district_ids)
    if impulse.organisation_id:
        condition |= Q(organisation_id=impulse.organisation_id)
    user_ids = (
        Follow.objects.filter(condition)
        .exclude(user_id=impulse.author_id)
        .values_list("user_id", flat=True)
        .distinct()
    )
    return notify(
        user_ids=user_ids,
        verb="impulse.new",
        title=_("Neuer Impuls: %(title)s") % {"title": impulse.title},
        url=f"/impulse/{impulse.public_id}/",
    )

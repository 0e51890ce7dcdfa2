"""Posting, editing and moving impulses through their lifecycle; supporting and joining them."""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from config import jobs, ratelimit
from config.domain import DomainError
from config.images import ImageRejected, normalise_image
from moderation.rules import ensure_can_participate
from public_marketplace.models import (
    MAX_REPORT_PHOTOS,
    AuthorKind,
    City,
    District,
    Impulse,
    ImpulseImage,
    ImpulseKind,
    ImpulseStatus,
    ImpulseStatusChange,
    ReportPhoto,
    Support,
    Topic,
)
from public_marketplace.permissions import can_edit_impulse, can_post_for
from public_marketplace.services import goals
from tenants.models import Organisation, OrganisationKind, OrganisationStatus
from workspaces.markdown import render_markdown

# Trending = log10(supports) + age bonus: an impulse needs 10× the supports to outrank one
# published HOT_SCORE_SECONDS later (12.5 hours), which gives the time decay.
HOT_SCORE_SECONDS = 45_000
EPOCH = datetime(2020, 1, 1, tzinfo=timezone.get_fixed_timezone(0))

# Lifecycle: which status may follow which.
TRANSITIONS = {
    ImpulseStatus.DRAFT: {ImpulseStatus.PUBLISHED},
    ImpulseStatus.PUBLISHED: {
        ImpulseStatus.GATHERING,
        ImpulseStatus.IN_IMPLEMENTATION,
        ImpulseStatus.ABANDONED,
        ImpulseStatus.ARCHIVED,
    },
    ImpulseStatus.GATHERING: {
        ImpulseStatus.IN_IMPLEMENTATION,
        ImpulseStatus.ABANDONED,
        ImpulseStatus.ARCHIVED,
    },
    ImpulseStatus.IN_IMPLEMENTATION: {
        ImpulseStatus.IMPLEMENTED,
        ImpulseStatus.ABANDONED,
        ImpulseStatus.ARCHIVED,
    },
    ImpulseStatus.IMPLEMENTED: {ImpulseStatus.ARCHIVED},
    ImpulseStatus.ABANDONED: {ImpulseStatus.ARCHIVED},
    ImpulseStatus.ARCHIVED: set(),
}


MAX_IMAGES = 6
ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}


class ImpulseError(DomainError):
    pass


@dataclass
class ImpulseInput:
    """What a person fills in; validated by ``_validate`` whatever the channel."""

    kind: str
    title: str
    body: str
    city: City
    district_ids: list[int]
    topic_ids: list[int]
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    place_name: str = ""
    address: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    online_url: str = ""


def hot_score(support_count: int, published_at: datetime | None) -> float:
    if published_at is None:
        return 0.0
    age_bonus = (published_at - EPOCH).total_seconds() / HOT_SCORE_SECONDS
    return round(math.log10(max(support_count, 1)) + age_bonus, 7)


def _validate(data: ImpulseInput) -> tuple[list[District], list[Topic]]:
    if data.kind not in ImpulseKind.values:
        raise ImpulseError(_("Unbekannte Art."), field="kind")
    title = data.title.strip()
    if len(title) < 3 or len(title) > 140:
        raise ImpulseError(_("Der Titel braucht 3 bis 140 Zeichen."), field="title")
    if not data.body.strip() or len(data.body) > 20_000:
        raise ImpulseError(_("Die Beschreibung braucht 1 bis 20.000 Zeichen."), field="body")
    districts = list(District.objects.filter(city=data.city, pk__in=set(data.district_ids)))
    if len(districts) != len(set(data.district_ids)):
        raise ImpulseError(_("Unbekannter Stadtteil."), field="districts")
    topics = list(Topic.objects.filter(pk__in=set(data.topic_ids)))
    if len(topics) != len(set(data.topic_ids)):
        raise ImpulseError(_("Unbekanntes Thema."), field="topics")
    if data.kind == ImpulseKind.EVENT:
        if data.starts_at is None:
            raise ImpulseError(_("Eine Veranstaltung braucht einen Beginn."), field="starts_at")
        if data.ends_at is not None and data.ends_at < data.starts_at:
            raise ImpulseError(_("Das Ende liegt vor dem Beginn."), field="ends_at")
    elif data.starts_at or data.ends_at:
        raise ImpulseError(_("Nur Veranstaltungen haben Beginn und Ende."), field="starts_at")
    for value, name in ((data.latitude, "latitude"), (data.longitude, "longitude")):
        limit = 90 if name == "latitude" else 180
        if value is not None and not -limit <= value <= limit:
            raise ImpulseError(_("Ungültige Koordinate."), field=name)
    return districts, topics


def _event_fields(data: ImpulseInput) -> dict[str, Any]:
    """Date, place and links are an event's; other kinds keep none of them (an idea that was an
    event while it was a draft loses its place and link as well)."""
    if data.kind != ImpulseKind.EVENT:
        return {
            "starts_at": None,
            "ends_at": None,
            "place_name": "",
            "address": "",
            "latitude": None,
            "longitude": None,
            "online_url": "",
        }
    return {
        "starts_at": data.starts_at,
        "ends_at": data.ends_at,
        "place_name": data.place_name.strip()[:120],
        "address": data.address.strip()[:200],
        "latitude": data.latitude,
        "longitude": data.longitude,
        "online_url": data.online_url.strip(),
    }


@transaction.atomic
def post_impulse(
    *,
    author: Any,
    data: ImpulseInput,
    organisation: Organisation | None = None,
    publish: bool = True,
    image: Any = None,
    image_alt: str = "",
) -> Impulse:
    """A citizen posts an impulse, or an organisation's admin posts one on its behalf."""
    if not author.is_authenticated or not author.is_active:
        raise ImpulseError(_("Bitte melde dich an."), code="forbidden")
    ensure_can_participate(author)
    districts, topics = _validate(data)
    author_kind = AuthorKind.CITIZEN
    if organisation is not None:
        if organisation.status != OrganisationStatus.READY or not can_post_for(
            author, organisation
        ):
            raise ImpulseError(
                _("Du darfst nicht im Namen dieser Organisation posten."), code="forbidden"
            )
        author_kind = (
            AuthorKind.ADMINISTRATION
            if organisation.kind == OrganisationKind.ADMINISTRATION
            else AuthorKind.ORGANISATION
        )
    ratelimit.hit("impulse.create", author.pk)
    now = timezone.now()
    status = ImpulseStatus.PUBLISHED if publish else ImpulseStatus.DRAFT
    impulse = Impulse.objects.create(
        kind=data.kind,
        title=data.title.strip(),
        body=data.body,
        body_html=render_markdown(data.body),
        city=data.city,
        author=author,
        organisation=organisation,
        author_kind=author_kind,
        status=status,
        published_at=now if publish else None,
        hot_score=hot_score(0, now if publish else None),
        **_event_fields(data),
    )
    impulse.districts.set(districts)
    impulse.topics.set(topics)
    if image is not None:
        add_image(impulse=impulse, upload=image, alt_text=image_alt, by=author)
    ImpulseStatusChange.objects.create(
        impulse=impulse, from_status="", to_status=status, changed_by=author
    )
    if publish:
        _after_publish(impulse)
    return impulse


@transaction.atomic
def edit_impulse(
    *,
    impulse: Impulse,
    editor: Any,
    data: ImpulseInput,
    publish: bool = False,
    image: Any = None,
    image_alt: str = "",
) -> Impulse:
    """Change what an impulse says, add a picture, and (``publish``) take a draft online, all
    or nothing. ``publish`` means nothing for an impulse that is no longer a draft."""
    if not can_edit_impulse(editor, impulse):
        raise ImpulseError(_("Du darfst diesen Impuls nicht bearbeiten."), code="forbidden")
    if data.kind != impulse.kind and impulse.status != ImpulseStatus.DRAFT:
        raise ImpulseError(
            _("Die Art kann nach dem Veröffentlichen nicht geändert werden."), field="kind"
        )
    districts, topics = _validate(data)
    impulse = Impulse.objects.select_for_update().get(pk=impulse.pk)
    impulse.kind = data.kind
    impulse.title = data.title.strip()
    impulse.body = data.body
    impulse.body_html = render_markdown(data.body)
    impulse.city = data.city
    event_fields = _event_fields(data)
    for name, value in event_fields.items():
        setattr(impulse, name, value)
    # Only what the form says: counters, stage and box are kept by their own services.
    impulse.save(
        update_fields=["kind", "title", "body", "body_html", "city", "updated_at", *event_fields]
    )
    impulse.districts.set(districts)
    impulse.topics.set(topics)
    if image is not None:
        add_image(impulse=impulse, upload=image, alt_text=image_alt, by=editor)
    if publish and impulse.status == ImpulseStatus.DRAFT:
        impulse = change_status(impulse=impulse, to_status=ImpulseStatus.PUBLISHED, by=editor)
    return impulse


@transaction.atomic
def change_status(
    *,
    impulse: Impulse,
    to_status: str,
    by: Any,
    note: str = "",
    report: str = "",
    photos: Sequence[tuple[Any, str]] = (),
) -> Impulse:
    """Move an impulse along its lifecycle; the history records who did it and why. The done
    report ("Umgesetzt") may bring up to ``MAX_REPORT_PHOTOS`` photos, each (upload, its
    description); every one is checked before anything is written."""
    impulse = Impulse.objects.select_for_update().get(pk=impulse.pk)
    staff_archiving = to_status == ImpulseStatus.ARCHIVED and by.is_authenticated and by.is_staff
    if not (can_edit_impulse(by, impulse) or staff_archiving):
        raise ImpulseError(_("Du darfst den Status nicht ändern."), code="forbidden")
    current = ImpulseStatus(impulse.status)
    if to_status not in ImpulseStatus.values or to_status not in TRANSITIONS[current]:
        raise ImpulseError(
            _("Von „%(from)s“ geht es nicht zu diesem Status.") % {"from": current.label},
            field="status",
        )
    if to_status == ImpulseStatus.IMPLEMENTED:
        if not report.strip():
            raise ImpulseError(_("Bitte beschreibe kurz, was umgesetzt wurde."), field="report")
        impulse.implementation_report = report.strip()[:20_000]
    if to_status == ImpulseStatus.ABANDONED and not note.strip():
        raise ImpulseError(_("Bitte schreib kurz, warum es nicht weitergeht."), field="note")
    pictures = _report_photos(photos, implemented=to_status == ImpulseStatus.IMPLEMENTED)
    if to_status == ImpulseStatus.PUBLISHED:
        impulse.published_at = timezone.now()
        impulse.hot_score = hot_score(impulse.support_count, impulse.published_at)
    change = record_status_change(impulse, to_status, by=by, note=note)
    for position, (content, alt_text) in enumerate(pictures):
        photo = ReportPhoto(status_change=change, alt_text=alt_text, position=position)
        photo.image.save(f"{uuid.uuid4().hex}.{content.name}", content, save=True)
    if to_status == ImpulseStatus.PUBLISHED:
        _after_publish(impulse)
    return impulse


def _report_photos(
    photos: Sequence[tuple[Any, str]], *, implemented: bool
) -> list[tuple[ContentFile, str]]:
    """The done report's photos re-encoded (UPL-1), or the first reason to refuse them."""
    photos = [(upload, (alt or "").strip()) for upload, alt in photos if upload]
    if not photos:
        return []
    if not implemented:
        raise ImpulseError(_("Fotos gehören zum Umsetzungsbericht („Umgesetzt“)."), field="photos")
    if len(photos) > MAX_REPORT_PHOTOS:
        raise ImpulseError(
            _("Höchstens %(n)s Fotos pro Bericht.") % {"n": MAX_REPORT_PHOTOS}, field="photos"
        )
    pictures = []
    for number, (upload, alt_text) in enumerate(photos, start=1):
        if not alt_text:
            raise ImpulseError(
                _("Bitte beschreib Foto %(n)s für Menschen, die es nicht sehen.") % {"n": number},
                field="photos",
            )
        if len(alt_text) > 200:
            raise ImpulseError(
                _("Die Beschreibung von Foto %(n)s ist länger als 200 Zeichen.") % {"n": number},
                field="photos",
            )
        try:
            content = normalise_image(upload, formats=ALLOWED_IMAGE_FORMATS)
        except ImageRejected as exc:
            raise ImpulseError(
                _("Foto %(n)s: %(reason)s") % {"n": number, "reason": exc.message},
                field="photos",
            ) from exc
        pictures.append((content, alt_text))
    return pictures


def record_status_change(
    impulse: Impulse, to_status: str, *, by: Any, note: str = ""
) -> ImpulseStatusChange:
    """Save the impulse in its new stage with a line on its timeline; every stage after the
    first publication reaches followers and supporters (after commit)."""
    from_status = impulse.status
    impulse.status = to_status
    # Only what a stage change touches: the counters are kept by row updates elsewhere.
    impulse.save(
        update_fields=[
            "status",
            "published_at",
            "hot_score",
            "implementation_report",
            "updated_at",
        ]
    )
    change = ImpulseStatusChange.objects.create(
        impulse=impulse,
        from_status=from_status,
        to_status=to_status,
        changed_by=by if by is not None and by.is_authenticated else None,
        note=note.strip()[:2000],
    )
    if from_status != ImpulseStatus.DRAFT:
        jobs.enqueue("public_marketplace.tasks.notify_stage_change", change.pk)
    return change


def add_image(*, impulse: Impulse, upload: Any, alt_text: str, by: Any) -> ImpulseImage:
    """Store an uploaded picture re-encoded: proves it is an image and drops EXIF (locations)."""
    if not can_edit_impulse(by, impulse):
        raise ImpulseError(_("Du darfst diesen Impuls nicht bearbeiten."), code="forbidden")
    if not alt_text.strip():
        raise ImpulseError(_("Bitte beschreibe das Bild."), field="image_alt")
    if impulse.images.count() >= MAX_IMAGES:
        raise ImpulseError(
            _("Höchstens %(n)s Bilder pro Impuls.") % {"n": MAX_IMAGES}, field="image"
        )
    content = reencode_image(upload)
    picture = ImpulseImage(impulse=impulse, alt_text=alt_text.strip()[:200])
    picture.image.save(f"{uuid.uuid4().hex}.{content.name}", content, save=True)
    return picture


def reencode_image(upload: Any) -> ContentFile:
    """The picture under the shared upload rule (UPL-1), as an impulse or logo error."""
    try:
        return normalise_image(upload, formats=ALLOWED_IMAGE_FORMATS)
    except ImageRejected as exc:
        raise ImpulseError(exc.message, field="image") from exc


def _after_publish(impulse: Impulse) -> None:
    """Tell followers (of the districts, the organisation) once the impulse is committed."""
    jobs.enqueue("public_marketplace.tasks.notify_new_impulse", impulse.pk)


def _supportable(impulse: Impulse) -> None:
    if impulse.is_hidden or impulse.status not in (
        ImpulseStatus.PUBLISHED,
        ImpulseStatus.GATHERING,
        ImpulseStatus.IN_IMPLEMENTATION,
    ):
        raise ImpulseError(
            _("Dieser Impuls kann gerade nicht unterstützt werden."), code="conflict"
        )


@transaction.atomic
def support_impulse(*, impulse: Impulse, user: Any, show_name: bool = False) -> Support:
    """One support per person per impulse; the counter and the trending score follow."""
    _supportable(impulse)
    ensure_can_participate(user)
    ratelimit.hit("support.toggle", user.pk)
    try:
        with transaction.atomic():
            support = Support.objects.create(impulse=impulse, user=user, show_name=show_name)
    except IntegrityError as exc:
        raise ImpulseError(_("Du unterstützt diesen Impuls bereits."), code="conflict") from exc
    fresh = _recount(impulse, support_delta=1)
    goals.reach_goal_if_due(fresh)
    impulse.goal_reached_at = fresh.goal_reached_at
    return support


@transaction.atomic
def withdraw_support(*, impulse: Impulse, user: Any) -> None:
    ratelimit.hit("support.toggle", user.pk)
    deleted, _details = Support.objects.filter(impulse=impulse, user=user).delete()
    if not deleted:
        raise ImpulseError(_("Du unterstützt diesen Impuls nicht."), code="conflict")
    _recount(impulse, support_delta=-1)


def _recount(impulse: Impulse, *, support_delta: int) -> Impulse:
    """Count the support in one row update; the fresh row (read under the update's row lock)
    also carries the support goal, which a new support may reach (services/goals.py)."""
    Impulse.objects.filter(pk=impulse.pk).update(support_count=F("support_count") + support_delta)
    fresh = Impulse.objects.only("support_count", "published_at", *goals.GOAL_FIELDS).get(
        pk=impulse.pk
    )
    Impulse.objects.filter(pk=impulse.pk).update(
        hot_score=hot_score(fresh.support_count, fresh.published_at)
    )
    impulse.support_count = fresh.support_count
    return fresh

"""The receiving side in an administration's intranet (/antragseingang/…): the motions
addressed to the bodies the organisation receives for, and the answers (acknowledge,
schedule, record the outcome). Members (not guests) see and answer; admins ask to receive a
body (platform staff verify in the admin). HTTP only; the rules are services/receiving.py's."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_tenants.utils import get_public_schema_name, schema_context

from config.domain import DomainError
from intranet.permissions import member_required
from motions import selectors
from motions.forms import ClaimForm, DecideForm, ScheduleForm
from motions.models import BodyClaim, Motion
from motions.services import receiving
from tenants.models import Organisation, OrganisationKind, Role
from workspaces.web import STATUS

INBOX = "/antragseingang/"


def _administration_or_404(request: HttpRequest) -> Organisation:
    """Only an administration receives motions; elsewhere the pages do not exist."""
    organisation: Organisation = request.tenant  # type: ignore[attr-defined]
    if organisation.kind != OrganisationKind.ADMINISTRATION:
        raise Http404
    return organisation


def public_schema() -> Any:
    """Reads of motions run in ``public``: the intranet's own schema has a workspace table of
    the same name, which a join would otherwise read. Rendering (the intranet's navigation)
    then runs in the organisation's schema again, so the context is read in full first."""
    return schema_context(get_public_schema_name())


def _motion_or_404(request: HttpRequest, public_id: UUID) -> Motion:
    organisation = _administration_or_404(request)
    with public_schema():
        body_ids = receiving.receiving_body_ids(organisation)
        motion = (
            Motion.objects.filter(
                public_id=public_id, body_id__in=body_ids, submitted_at__isnull=False
            )
            .select_related("body", "workspace", "impulse")
            .first()
        )
    if motion is None:
        raise Http404
    return motion


@member_required(Role.MEMBER)
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    organisation = _administration_or_404(request)
    with public_schema():
        body_ids = receiving.receiving_body_ids(organisation)
        page = selectors.inbox_page(body_ids, cursor=request.GET.get("nach", ""))
        claims = list(
            BodyClaim.objects.filter(organisation=organisation)
            .select_related("body")
            .order_by("id")
        )
    return render(
        request,
        "motions/inbox.html",
        {"page": page, "claims": claims, "receives": bool(body_ids)},
    )


def _detail(
    request: HttpRequest,
    motion: Motion,
    *,
    schedule_form: ScheduleForm | None = None,
    decide_form: DecideForm | None = None,
    status: int = 200,
) -> HttpResponse:
    shown = motion.submitted_version or motion.version_count
    with public_schema():
        version = selectors.version(motion, shown)
        timeline = selectors.timeline(motion)
        signers = selectors.signatures_page(motion).items
    return render(
        request,
        "motions/inbox_detail.html",
        {
            "motion": motion,
            "version": version,
            "timeline": timeline,
            "signers": signers,
            "schedule_form": schedule_form
            or ScheduleForm(
                initial={
                    "meeting_date": motion.meeting_date,
                    "agenda_item": motion.agenda_item,
                    "reference": motion.reference,
                }
            ),
            "decide_form": decide_form or DecideForm(),
        },
        status=status,
    )


@member_required(Role.MEMBER)
@require_GET
def detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _detail(request, _motion_or_404(request, public_id))


@member_required(Role.MEMBER)
@require_POST
def acknowledge(request: HttpRequest, public_id: UUID) -> HttpResponse:
    motion = _motion_or_404(request, public_id)
    try:
        receiving.acknowledge(
            user=request.user,  # type: ignore[arg-type]
            organisation=_administration_or_404(request),
            motion=motion,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return _detail(request, motion, status=STATUS.get(exc.code, 400))
    messages.success(request, _("Der Eingang ist bestätigt; die Antragstellenden erfahren es."))
    return redirect(f"{INBOX}{motion.public_id}/")


@member_required(Role.MEMBER)
@require_POST
def schedule(request: HttpRequest, public_id: UUID) -> HttpResponse:
    motion = _motion_or_404(request, public_id)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        return _detail(request, motion, schedule_form=form, status=400)
    try:
        receiving.schedule(
            user=request.user,  # type: ignore[arg-type]
            organisation=_administration_or_404(request),
            motion=motion,
            **form.cleaned_data,
        )
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _detail(request, motion, schedule_form=form, status=STATUS.get(exc.code, 400))
    messages.success(request, _("Der Antrag steht auf der Tagesordnung."))
    return redirect(f"{INBOX}{motion.public_id}/")


@member_required(Role.MEMBER)
@require_POST
def decide(request: HttpRequest, public_id: UUID) -> HttpResponse:
    motion = _motion_or_404(request, public_id)
    form = DecideForm(request.POST)
    if not form.is_valid():
        return _detail(request, motion, decide_form=form, status=400)
    try:
        receiving.decide(
            user=request.user,  # type: ignore[arg-type]
            organisation=_administration_or_404(request),
            motion=motion,
            **form.cleaned_data,
        )
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _detail(request, motion, decide_form=form, status=STATUS.get(exc.code, 400))
    messages.success(request, _("Das Ergebnis ist eingetragen und öffentlich."))
    return redirect(f"{INBOX}{motion.public_id}/")


@member_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def claim(request: HttpRequest) -> HttpResponse:
    organisation = _administration_or_404(request)
    form = ClaimForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                receiving.claim_body(
                    user=request.user,  # type: ignore[arg-type]
                    organisation=organisation,
                    body=form.cleaned_data["body"],
                )
            except DomainError as exc:
                form.add_error("body", exc.message)
                status = STATUS.get(exc.code, 400)
            else:
                messages.success(
                    request,
                    _("Beantragt. Das WeCreate-Team prüft und bestätigt die Zuständigkeit."),
                )
                return redirect(INBOX)
        else:
            status = 400
    return render(request, "motions/claim.html", {"form": form}, status=status)

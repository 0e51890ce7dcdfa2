"""Web pages of motions. HTTP only; the rules are motions/rules.py and motions/services/.

- In the box (/boxen/<slug>/antraege/…): the box's motions, starting one, the draft with its
  paragraphs and their threads, editing, comparing versions, opening the signing, submitting,
  the outbox and the submitted PDF. Members only (others 404).
- On the network (/antraege/<id>/…): the public page once signing opened: the text, the
  signers, the timeline, signing and withdrawing, the submitted PDF.
"""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.domain import DomainError
from motions import diff, paragraphs, rules, selectors
from motions.forms import SignForm, StartForm, SubmitForm, VersionForm
from motions.models import Motion, Paragraph, State, Submission
from motions.services import drafting, signing, submission
from motions.services.submission import missing_for_submission
from threads import selectors as thread_selectors
from workspaces import permissions as perms
from workspaces.models import Workspace
from workspaces.permissions import Actor
from workspaces.scopes import network_actor
from workspaces.web import STATUS, actor_required, render_in_scope
from workspaces.web import workspace_or_404 as visible_workspace


def _box_or_404(actor: Actor, slug: str) -> Workspace:
    workspace = visible_workspace(actor, slug)
    if not hasattr(workspace, "impulse") or not (
        actor.is_moderator or perms.role_in(workspace) is not None
    ):
        raise Http404
    return workspace


def _draft_or_404(actor: Actor, workspace: Workspace, public_id: UUID) -> Motion:
    motion = selectors.motion_by_public_id(actor, public_id)
    if motion is None or motion.workspace_id != workspace.pk:
        raise Http404
    if not rules.can_read_draft(actor, motion):
        raise Http404
    return motion


def _refuse(request: HttpRequest, exc: DomainError, back: str) -> HttpResponse:
    """A refused action: the reason, a way back, the status its code calls for."""
    return render_in_scope(
        request,
        "workspaces/refused.html",
        {"message": exc.message, "back_url": back, "back_label": _("Zurück zum Antrag")},
        status=STATUS.get(exc.code, 400),
    )


# --- In the box ------------------------------------------------------------------------------


@actor_required
@require_GET
def box(request: HttpRequest, actor: Actor, slug: str) -> HttpResponse:
    workspace = _box_or_404(actor, slug)
    return render_in_scope(
        request,
        "motions/box.html",
        {
            "workspace": workspace,
            "motions": selectors.motions_of_box(actor, workspace),
            "can_start": rules.can_start(actor, workspace),
        },
    )


@actor_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, actor: Actor, slug: str) -> HttpResponse:
    workspace = _box_or_404(actor, slug)
    impulse = workspace.impulse
    if not rules.can_start(actor, workspace):
        return _refuse(
            request,
            DomainError(_("Anträge schreiben die Mitglieder der Box."), code="forbidden"),
            f"/boxen/{workspace.slug}/antraege/",
        )
    status = 200
    if request.method == "POST":
        form = StartForm(request.POST, city_id=impulse.city_id)
        if form.is_valid():
            try:
                motion = drafting.start_motion(
                    actor=actor, workspace=workspace, **form.cleaned_data
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = STATUS.get(exc.code, 400)
            else:
                messages.success(request, _("Der Entwurf ist angelegt."))
                return redirect("motions:draft", slug=workspace.slug, public_id=motion.public_id)
        else:
            status = 400
    else:
        target = getattr(impulse, "target_body", None)
        form = StartForm(
            city_id=impulse.city_id,
            initial={"title": impulse.title, "reasoning": impulse.body, "body": target},
        )
    return render_in_scope(
        request, "motions/start.html", {"workspace": workspace, "form": form}, status=status
    )


@actor_required
@require_GET
def draft(request: HttpRequest, actor: Actor, slug: str, public_id: UUID) -> HttpResponse:
    workspace = _box_or_404(actor, slug)
    motion = _draft_or_404(actor, workspace, public_id)
    current = selectors.version(motion, motion.version_count)
    if current is None:  # every motion has its first version
        raise Http404
    today = timezone.localdate()
    return render_in_scope(
        request,
        "motions/draft.html",
        {
            "workspace": workspace,
            "motion": motion,
            "current": current,
            "paragraphs": paragraphs.of_version(motion, current),
            "versions": selectors.versions(motion),
            "outbox": selectors.outbox(motion),
            "can_edit": rules.can_edit(actor, motion),
            "can_manage": rules.can_manage(actor, motion) and motion.is_open,
            "missing": missing_for_submission(motion, motion.meeting_date, today)
            if motion.is_open
            else [],
            "submit_form": SubmitForm(),
            "public_url": f"/antraege/{motion.public_id}/",
        },
    )


@actor_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, actor: Actor, slug: str, public_id: UUID) -> HttpResponse:
    workspace = _box_or_404(actor, slug)
    motion = _draft_or_404(actor, workspace, public_id)
    back = f"/boxen/{workspace.slug}/antraege/{motion.public_id}/"
    if not rules.can_edit(actor, motion):
        return render_in_scope(
            request,
            "workspaces/refused.html",
            {
                "message": _("Ein eingereichter Antrag kann nicht mehr geändert werden."),
                "back_url": back,
            }
            if not motion.is_open
            else {
                "message": _("Diesen Antrag bearbeiten die Mitglieder der Box."),
                "back_url": back,
            },
            status=409 if not motion.is_open else 403,
        )
    status = 200
    latest = selectors.version(motion, motion.version_count)
    if latest is None:
        raise Http404
    if request.method == "POST":
        form = VersionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                drafting.save_version(
                    actor=actor,
                    motion=motion,
                    base_number=data["base"],
                    title=data["title"],
                    proposal=data["proposal"],
                    reasoning=data["reasoning"],
                    note=data["note"],
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = STATUS.get(exc.code, 400)
            else:
                messages.success(request, _("Die neue Fassung ist gespeichert."))
                return redirect(back)
        else:
            status = 400
    else:
        form = VersionForm(
            initial={
                "base": latest.number,
                "title": latest.title,
                "proposal": latest.proposal,
                "reasoning": latest.reasoning,
            }
        )
    return render_in_scope(
        request,
        "motions/edit.html",
        {"workspace": workspace, "motion": motion, "form": form, "latest": latest, "back": back},
        status=status,
    )


def _number(value: str | None, default: int) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


@actor_required
@require_GET
def compare(request: HttpRequest, actor: Actor, slug: str, public_id: UUID) -> HttpResponse:
    workspace = _box_or_404(actor, slug)
    motion = _draft_or_404(actor, workspace, public_id)
    newest = motion.version_count
    a = _number(request.GET.get("von"), max(newest - 1, 1))
    b = _number(request.GET.get("zu"), newest)
    old, new = selectors.version(motion, a), selectors.version(motion, b)
    if old is None or new is None:
        raise Http404
    return render_in_scope(
        request,
        "motions/compare.html",
        {
            "workspace": workspace,
            "motion": motion,
            "old": old,
            "new": new,
            "fields": diff.diff_versions(old, new),
            "numbers": range(1, newest + 1),
        },
    )


@actor_required
@require_http_methods(["GET", "POST"])
def paragraph(
    request: HttpRequest, actor: Actor, slug: str, public_id: UUID, pk: int
) -> HttpResponse:
    workspace = _box_or_404(actor, slug)
    motion = _draft_or_404(actor, workspace, public_id)
    item = Paragraph.objects.filter(motion=motion, pk=pk).first()
    if item is None:
        raise Http404
    here = f"/boxen/{workspace.slug}/antraege/{motion.public_id}/absaetze/{item.pk}/"
    if request.method == "POST":
        try:
            drafting.comment_on_paragraph(
                actor=actor, paragraph=item, body=request.POST.get("body", "")
            )
        except DomainError as exc:
            return _refuse(request, exc, here)
        return redirect(here)
    page = thread_selectors.thread_page(
        drafting.PARAGRAPH_KIND, item.pk, cursor=request.GET.get("kommentare")
    )
    return render_in_scope(
        request,
        "motions/paragraph.html",
        {
            "workspace": workspace,
            "motion": motion,
            "paragraph": item,
            "comments": page.comments,
            "next_cursor": page.next_cursor,
            "thread": {
                "may_write": actor.can_write,
                "may_moderate": rules.can_manage(actor, motion),
                "may_report": False,
            },
        },
    )


@actor_required
@require_POST
def open_signing(request: HttpRequest, actor: Actor, slug: str, public_id: UUID) -> HttpResponse:
    workspace = _box_or_404(actor, slug)
    motion = _draft_or_404(actor, workspace, public_id)
    back = f"/boxen/{workspace.slug}/antraege/{motion.public_id}/"
    try:
        signing.open_signing(actor=actor, motion=motion)
    except DomainError as exc:
        return _refuse(request, exc, back)
    messages.success(request, _("Der Antrag ist öffentlich: Jetzt kann unterschrieben werden."))
    return redirect(back)


@actor_required
@require_POST
def submit(request: HttpRequest, actor: Actor, slug: str, public_id: UUID) -> HttpResponse:
    workspace = _box_or_404(actor, slug)
    motion = _draft_or_404(actor, workspace, public_id)
    back = f"/boxen/{workspace.slug}/antraege/{motion.public_id}/"
    form = SubmitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte gib das Datum der Sitzung als Datum an."))
        return redirect(back)
    try:
        submission.submit(
            actor=actor, motion=motion, meeting_date=form.cleaned_data["meeting_date"]
        )
    except DomainError as exc:
        return _refuse(request, exc, back)
    messages.success(request, _("Der Antrag ist eingereicht."))
    return redirect(back)


def _pdf_response(item: Submission | None) -> HttpResponse:
    if item is None:
        raise Http404
    try:
        handle = item.pdf.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="application/pdf", filename="antrag.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return cast(HttpResponse, response)


def _submitted(motion: Motion) -> Submission | None:
    if motion.submitted_version is None:
        return None
    return (
        Submission.objects.filter(motion=motion, version=motion.submitted_version)
        .order_by("-created_at")
        .first()
    )


@actor_required
@require_GET
def box_pdf(request: HttpRequest, actor: Actor, slug: str, public_id: UUID) -> HttpResponse:
    workspace = _box_or_404(actor, slug)
    return _pdf_response(_submitted(_draft_or_404(actor, workspace, public_id)))


# --- On the network --------------------------------------------------------------------------


def _public_or_404(request: HttpRequest, public_id: UUID) -> tuple[Actor | None, Motion]:
    user = request.user
    actor = network_actor(user) if user.is_authenticated else None
    motion = selectors.motion_by_public_id(actor, public_id)
    if motion is None or motion.state == State.DRAFT:
        raise Http404
    return actor, motion


def _public_page(
    request: HttpRequest,
    actor: Actor | None,
    motion: Motion,
    form: SignForm | None = None,
    status: int = 200,
) -> HttpResponse:
    shown = motion.submitted_version or motion.version_count
    page = selectors.signatures_page(motion, cursor=request.GET.get("nach", ""))
    context: dict[str, Any] = {
        "motion": motion,
        "version": selectors.version(motion, shown),
        "signers": page.items,
        "next_cursor": page.next_cursor,
        "timeline": selectors.timeline(motion),
        "mine": selectors.signature_of(motion, actor.user_id if actor else None),
        "is_member": actor is not None and rules.can_read_draft(actor, motion),
        "form": form or SignForm(body=motion.body),
        "box_url": f"/boxen/{motion.workspace.slug}/antraege/{motion.public_id}/",
    }
    return render_in_scope(request, "motions/public.html", context, status=status)


@require_GET
def public(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor, motion = _public_or_404(request, public_id)
    return _public_page(request, actor, motion)


@login_required
@require_POST
def sign(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor, motion = _public_or_404(request, public_id)
    if actor is None:
        raise Http404
    form = SignForm(request.POST, body=motion.body)
    if form.is_valid():
        try:
            signing.sign(
                actor=actor,
                motion=motion,
                district=form.cleaned_data["district"],
                declared_residence=bool(form.cleaned_data.get("declared_residence")),
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return _public_page(request, actor, motion, form, status=STATUS.get(exc.code, 400))
        messages.success(request, _("Danke! Deine Unterschrift steht auf dem Antrag."))
        return redirect("motion_pages:public", public_id=motion.public_id)
    return _public_page(request, actor, motion, form, status=400)


@login_required
@require_POST
def withdraw(request: HttpRequest, public_id: UUID) -> HttpResponse:
    actor, motion = _public_or_404(request, public_id)
    if actor is None:
        raise Http404
    try:
        signing.withdraw(actor=actor, motion=motion)
    except DomainError as exc:
        return _refuse(request, exc, f"/antraege/{motion.public_id}/")
    messages.success(request, _("Deine Unterschrift ist zurückgezogen."))
    return redirect("motion_pages:public", public_id=motion.public_id)


@require_GET
def public_pdf(request: HttpRequest, public_id: UUID) -> HttpResponse:
    _actor, motion = _public_or_404(request, public_id)
    if motion.submitted_version is None:
        raise Http404
    return _pdf_response(_submitted(motion))

"""Report form for everyone signed in; queue, decisions and audit log for platform staff.

HTTP only: parse → service/selector → render. Staff pages answer 404 to everyone else, as if
they did not exist; anonymous visitors are sent to log in first (the project's convention).
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from accounts.permissions import staff_required
from config.domain import DomainError
from config.forms import posted
from moderation import selectors, services
from moderation.forms import DecisionForm, ReportForm
from moderation.models import Report, TargetKind
from moderation.permissions import is_own, is_reportable
from public_marketplace.models import Impulse
from threads.models import Comment

STATUS_FOR = {"forbidden": 403, "not_found": 404, "conflict": 409, "rate_limited": 429}


# --- Reporting --------------------------------------------------------------------------------


def _target_url(target: Impulse | Comment | User) -> str:
    if isinstance(target, Impulse):
        return reverse("impulse_detail", args=[target.public_id])
    if isinstance(target, Comment):
        return reverse("comment_permalink", args=[target.public_id])
    return reverse("home")


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest, kind: str, public_id: UUID) -> HttpResponse:
    target_kind = selectors.REPORT_SLUGS.get(kind)
    target = selectors.report_target(target_kind, public_id) if target_kind else None
    if target is None or not is_reportable(target):
        raise Http404
    form = ReportForm(posted(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.report_content(
                    reporter=request.user,
                    target=target,
                    reason=form.cleaned_data["reason"],
                    text=form.cleaned_data["text"],
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = STATUS_FOR.get(exc.code, 400)
            else:
                if request.htmx:  # type: ignore[attr-defined]
                    return render(request, "moderation/_report_done.html", {"target": target})
                messages.success(
                    request, _("Danke für deine Meldung. Das Moderationsteam sieht sie sich an.")
                )
                return redirect(_target_url(target))
        else:
            status = 400
    context = {
        "form": form,
        "target": target,
        "kind": target_kind,
        "slug": kind,
        "own": is_own(request.user, target),
        "back_url": _target_url(target),
    }
    template = (
        "moderation/_report_form.html"
        if request.htmx  # type: ignore[attr-defined]
        else "moderation/report_form.html"
    )
    return render(request, template, context, status=status)


# --- Staff ------------------------------------------------------------------------------------


@staff_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "moderation/queue.html",
        {"queue": selectors.report_queue(), "TargetKind": TargetKind},
    )


@staff_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("vor", "")
    before = int(raw) if raw.isdigit() and len(raw) < 19 else None
    return render(
        request, "moderation/audit_log.html", {"page": selectors.audit_log(before=before)}
    )


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("moderation_queue")


def _decide(request: HttpRequest, run: Callable[[DecisionForm], object], done: str) -> HttpResponse:
    """Run one staff decision; success and failure both end on the page the staff came from."""
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Die Begründung darf höchstens 1000 Zeichen haben."))
        return _back(request)
    try:
        run(form)
    except DomainError as exc:
        if exc.code == "not_found":
            raise Http404 from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return _back(request)


def _hideable(kind: str, public_id: UUID) -> Impulse | Comment:
    target_kind = selectors.HIDEABLE_SLUGS.get(kind)
    target = selectors.report_target(target_kind, public_id) if target_kind else None
    if target is None or isinstance(target, User):
        raise Http404
    return target


@staff_required
@require_POST
def hide(request: HttpRequest, kind: str, public_id: UUID) -> HttpResponse:
    target = _hideable(kind, public_id)
    return _decide(
        request,
        lambda form: services.hide_content(
            actor=request.user, target=target, reason=form.cleaned_data["reason"]
        ),
        _("Verborgen. Offene Meldungen dazu sind erledigt."),
    )


@staff_required
@require_POST
def restore(request: HttpRequest, kind: str, public_id: UUID) -> HttpResponse:
    target = _hideable(kind, public_id)
    return _decide(
        request,
        lambda form: services.restore_content(
            actor=request.user, target=target, reason=form.cleaned_data["reason"]
        ),
        _("Wiederhergestellt."),
    )


def _person(public_id: UUID) -> User:
    user = User.objects.filter(public_id=public_id).first()
    if user is None:
        raise Http404
    return user


@staff_required
@require_POST
def block(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = _person(public_id)
    return _decide(
        request,
        lambda form: services.block_user(
            actor=request.user, user=user, reason=form.cleaned_data["reason"]
        ),
        _("Die Person ist gesperrt."),
    )


@staff_required
@require_POST
def unblock(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = _person(public_id)
    return _decide(
        request,
        lambda form: services.unblock_user(
            actor=request.user, user=user, reason=form.cleaned_data["reason"]
        ),
        _("Die Sperre ist aufgehoben."),
    )


@staff_required
@require_POST
def dismiss(request: HttpRequest, public_id: UUID) -> HttpResponse:
    report = Report.objects.filter(public_id=public_id).first()
    if report is None:
        raise Http404
    return _decide(
        request,
        lambda form: services.dismiss_report(
            actor=request.user,
            report=report,
            note=form.cleaned_data["reason"],
            whole_target=form.cleaned_data["all_reports"],
        ),
        _("Meldung verworfen."),
    )

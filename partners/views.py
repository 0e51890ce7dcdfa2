"""Pages of the partner directory (/partner/), a partner's page with its contact form, the
partner's own pages (edit the entry, answer requests) and the answer link without an account;
and a box's partner tab (/boxen/<slug>/partner/), where its owners ask for help.

HTTP only: parse, call a selector or service, render. Refusals are a clear page with a 4xx
status and change nothing.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from config.domain import DomainError
from config.forms import posted
from partners import selectors, services
from partners.forms import AnswerForm, ContactForm, DirectoryFilterForm, PartnerForm, RequestForm
from partners.models import Partner, PartnerRequest
from workspaces.models import MANAGING_ROLES, Workspace
from workspaces.permissions import Actor
from workspaces.web import actor_required
from workspaces.web import workspace_or_404 as _visible_workspace

# HTTP status for a DomainError's code on these pages.
STATUS = {
    "forbidden": 403,
    "not_found": 404,
    "conflict": 409,
    "rate_limited": 429,
    "expired": 410,
    "invalid": 400,
}


def _partner_or_404(slug: str) -> Partner:
    partner = selectors.partner_by_slug(slug)
    if partner is None:
        raise Http404
    return partner


def _refused(
    request: HttpRequest, message: str, status: int, back_url: str, back_label: str
) -> HttpResponse:
    return render(
        request,
        "workspaces/refused.html",
        {
            "base_template": "base.html",
            "message": message,
            "back_url": back_url,
            "back_label": back_label,
        },
        status=status,
    )


def _apply(form: Any, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


# --- Directory and a partner's page -----------------------------------------------------------


@require_safe
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    paginator = Paginator(selectors.partner_directory(form.filters()), selectors.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "partners/directory.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def _boxes_that_can_ask(user: Any) -> list[Workspace]:
    """The boxes the visitor speaks for (owner or co-owner), to ask this partner from."""
    if not user.is_authenticated:
        return []
    return list(
        Workspace.objects.filter(members__user=user, members__role__in=MANAGING_ROLES).order_by(
            "name", "id"
        )[:20]
    )


@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    partner = _partner_or_404(slug)
    return render(
        request,
        "partners/detail.html",
        {
            "partner": partner,
            "can_manage": services.can_manage_partner(request.user, partner),
            "boxes": _boxes_that_can_ask(request.user),
            "form": _contact_form(request),
        },
    )


def _contact_form(request: HttpRequest, data: Any = None) -> ContactForm:
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.name, "email": request.user.email}
    return ContactForm(data, initial=initial)


@require_http_methods(["GET", "HEAD", "POST"])
def contact(request: HttpRequest, slug: str) -> HttpResponse:
    partner = _partner_or_404(slug)
    form = _contact_form(request, posted(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        if form.is_spam():  # a bot: answer as if sent, send nothing
            messages.success(request, _("Deine Nachricht ist unterwegs."))
            return redirect("partners:detail", slug=partner.slug)
        key = request.user.pk if request.user.is_authenticated else request.META.get("REMOTE_ADDR")
        try:
            services.contact_partner(
                partner=partner,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                message=form.cleaned_data["message"],
                sender_key=key,
            )
        except DomainError as error:
            _apply(form, error)
            status = STATUS.get(error.code, 400)
        else:
            messages.success(request, _("Deine Nachricht ist unterwegs."))
            return redirect("partners:detail", slug=partner.slug)
    elif request.method == "POST":
        status = 400
    return render(
        request, "partners/contact.html", {"partner": partner, "form": form}, status=status
    )


# --- The partner's own pages ------------------------------------------------------------------


def _managed_or_refused(request: HttpRequest, slug: str) -> Partner | HttpResponse:
    partner = _partner_or_404(slug)
    if not services.can_manage_partner(request.user, partner):
        return _refused(
            request,
            _("Diesen Eintrag dürfen nur seine Verwalter ändern."),
            403,
            reverse("partners:detail", kwargs={"slug": partner.slug}),
            _("Zurück zum Partner"),
        )
    return partner


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    partner = _managed_or_refused(request, slug)
    if isinstance(partner, HttpResponse):
        return partner
    initial = {
        "name": partner.name,
        "description": partner.description,
        "kinds": partner.kinds,
        "districts": [d.slug for d in partner.districts.all()],
        "address": partner.address,
        "opening_notes": partner.opening_notes,
        "website": partner.website,
    }
    form = PartnerForm(posted(request), initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.update_partner(user=request.user, partner=partner, **form.cleaned_data)
            except DomainError as error:
                _apply(form, error)
                status = STATUS.get(error.code, 400)
            else:
                messages.success(request, _("Der Eintrag ist gespeichert."))
                return redirect("partners:detail", slug=partner.slug)
    return render(request, "partners/edit.html", {"partner": partner, "form": form}, status=status)


@login_required
@require_safe
def requests_list(request: HttpRequest, slug: str) -> HttpResponse:
    partner = _managed_or_refused(request, slug)
    if isinstance(partner, HttpResponse):
        return partner
    return render(
        request,
        "partners/requests.html",
        {"partner": partner, "requests": selectors.requests_to(partner)},
    )


def _answer_page(
    request: HttpRequest, partner_request: PartnerRequest, *, by: Any, back_url: str
) -> HttpResponse:
    form = AnswerForm(posted(request) if partner_request.is_open else None)
    status = 200
    if request.method == "POST":
        if not partner_request.is_open:
            return _refused(
                request,
                _("Diese Anfrage ist schon beantwortet."),
                409,
                back_url,
                _("Zurück"),
            )
        status = 400
        if form.is_valid():
            try:
                services.answer_request(
                    partner_request=partner_request,
                    accept=form.cleaned_data["accept"],
                    answer=form.cleaned_data["answer"],
                    by=by,
                )
            except DomainError as error:
                _apply(form, error)
                status = STATUS.get(error.code, 400)
            else:
                messages.success(request, _("Danke! Die Box sieht eure Antwort jetzt."))
                return redirect(request.path)
    return render(
        request,
        "partners/answer.html",
        {"partner_request": partner_request, "form": form, "back_url": back_url},
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_detail(request: HttpRequest, slug: str, public_id: UUID) -> HttpResponse:
    partner = _managed_or_refused(request, slug)
    if isinstance(partner, HttpResponse):
        return partner
    partner_request = selectors.request_to(partner, public_id)
    if partner_request is None:
        raise Http404
    back = reverse("partners:requests", kwargs={"slug": partner.slug})
    return _answer_page(request, partner_request, by=request.user, back_url=back)


@require_http_methods(["GET", "HEAD", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The signed link from the request's e-mail: no account needed."""
    try:
        partner_request = services.request_for_token(token)
    except DomainError as error:
        return _refused(
            request,
            error.message,
            STATUS.get(error.code, 400),
            reverse("partners:directory"),
            _("Zum Partnerverzeichnis"),
        )
    return _answer_page(request, partner_request, by=None, back_url=request.path)


# --- A box's partner tab ----------------------------------------------------------------------


def _box_or_404(actor: Actor, slug: str) -> Workspace:
    """The box (an impulse's, or a friend circle), for its members and platform staff only,
    like its posts: nobody else learns whom it asked."""
    workspace = _visible_workspace(actor, slug)
    if not services.can_see_requests(actor, workspace):
        raise Http404
    return workspace


@actor_required
@require_safe
def box_requests(request: HttpRequest, actor: Actor, slug: str) -> HttpResponse:
    workspace = _box_or_404(actor, slug)
    return render(
        request,
        "partners/box_requests.html",
        {
            "base_template": "base.html",
            "workspace": workspace,
            "requests": selectors.requests_of_box(workspace),
            "can_ask": services.can_ask_partner(actor, workspace),
        },
    )


@actor_required
@require_http_methods(["GET", "HEAD", "POST"])
def box_ask(request: HttpRequest, actor: Actor, slug: str) -> HttpResponse:
    workspace = _box_or_404(actor, slug)
    back = reverse("partner_requests:box", kwargs={"slug": workspace.slug})
    if not services.can_ask_partner(actor, workspace):
        return _refused(
            request,
            _("Nur die Verantwortlichen der Box können Partner anfragen."),
            403,
            back,
            _("Zurück zu den Partner-Anfragen"),
        )
    form = RequestForm(posted(request), initial={"partner": request.GET.get("partner", "")})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.ask_partner(
                    actor=actor,
                    workspace=workspace,
                    partner=form.cleaned_data["partner"],
                    what=form.cleaned_data["what"],
                    when=form.cleaned_data["when"],
                )
            except DomainError as error:
                _apply(form, error)
                status = STATUS.get(error.code, 400)
            else:
                messages.success(request, _("Die Anfrage ist verschickt."))
                return redirect(back)
    return render(
        request,
        "partners/box_ask.html",
        {"base_template": "base.html", "workspace": workspace, "form": form},
        status=status,
    )

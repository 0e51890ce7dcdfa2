"""Supporting and offering help without a password: the e-mail link's two pages. The rules are
in services/without_account.py."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from config.domain import DomainError
from config.forms import posted
from public_marketplace.forms import OfferWithoutAccountForm, SupportWithoutAccountForm
from public_marketplace.services import without_account
from public_marketplace.services.without_account import OFFER, SUPPORT, Request
from public_marketplace.views import _impulse_or_404

# The path's German word for each action.
ACTIONS = {"unterstuetzen": SUPPORT, "mitmachen": OFFER}
STATUS = {"rate_limited": 429, "conflict": 409, "forbidden": 403, "not_found": 404, "gone": 410}
_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


@require_http_methods(["GET", "POST"])
def request_link(request: HttpRequest, public_id: UUID, action: str) -> HttpResponse:
    impulse = _impulse_or_404(request, public_id)
    if action not in ACTIONS:
        raise Http404
    if request.user.is_authenticated:  # logged-in people use the ordinary buttons
        if ACTIONS[action] == OFFER:
            return redirect("impulse_join", public_id=impulse.public_id)
        return redirect("impulse_detail", public_id=impulse.public_id)
    form: Any = (
        OfferWithoutAccountForm(posted(request), city=impulse.city)
        if ACTIONS[action] == OFFER
        else SupportWithoutAccountForm(posted(request))
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            district = data.get("district")
            try:
                without_account.request_link(
                    impulse=impulse,
                    request=Request(
                        email=data["email"],
                        impulse_id=str(impulse.public_id),
                        action=ACTIONS[action],
                        display_name=data["display_name"],
                        show_name=bool(data.get("show_name")),
                        brings=tuple(data.get("brings") or ()),
                        mode=data.get("mode") or "in_person",
                        district_id=district.pk if district else None,
                        note=data.get("note") or "",
                    ),
                    client_address=request.META.get("REMOTE_ADDR", ""),
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = STATUS.get(exc.code, 400)
            else:
                return render(
                    request,
                    "public_marketplace/without_account_sent.html",
                    {"impulse": impulse, "email": data["email"]},
                )
        else:
            status = 400
    return render(
        request,
        "public_marketplace/without_account_form.html",
        {"impulse": impulse, "form": form, "action": ACTIONS[action]},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what the link will do; only the button (POST) does it, so a mail scanner that
    opens the link changes nothing."""
    try:
        link, impulse = without_account.read_link(token)
    except DomainError as exc:
        return _invalid(request, exc)
    user = request.user
    if user.is_authenticated and user.email.lower() != link.email.lower():
        return _invalid(
            request,
            DomainError(
                _(
                    "Du bist mit einem anderen Konto angemeldet. "
                    "Melde dich ab und öffne den Link erneut."
                ),
                code="conflict",
            ),
        )
    if request.method == "POST":
        try:
            person, impulse = without_account.confirm(token)
        except DomainError as exc:
            return _invalid(request, exc)
        if not user.is_authenticated:
            login(request, person, backend=_BACKEND)
        if link.action == SUPPORT:
            messages.success(request, _("Danke! Deine Unterstützung zählt."))
        else:
            messages.success(
                request, _("Danke! Die Initiator:innen sehen dein Angebot und melden sich.")
            )
        return redirect("impulse_detail", public_id=impulse.public_id)
    return render(
        request,
        "public_marketplace/without_account_confirm.html",
        {"impulse": impulse, "link": link},
    )


def _invalid(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return render(
        request,
        "public_marketplace/without_account_invalid.html",
        {"message": exc.message},
        status=STATUS.get(exc.code, 400),
    )

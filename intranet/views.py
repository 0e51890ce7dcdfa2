"""Intranet pages of one organisation (tenant URL conf). HTTP only: rules live in services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from intranet import selectors
from intranet.permissions import current_membership, member_required
from tenants import services
from tenants.forms import ConfirmSlugForm, InvitationForm, InvitedSignupForm, SecurityForm
from tenants.models import Organisation, Role


def _organisation(request: HttpRequest) -> Organisation:
    return request.tenant  # type: ignore[attr-defined]


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "intranet/welcome.html", status=200)
    if current_membership(request) is None:
        return render(request, "intranet/no_access.html", status=403)
    return render(request, "intranet/home.html")


@member_required(Role.MEMBER)
@require_http_methods(["GET", "POST"])
def members(request: HttpRequest) -> HttpResponse:
    membership = current_membership(request)
    if membership is None:  # member_required has checked; keeps the type checker honest
        raise Http404
    form = InvitationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not membership.has_role(Role.ADMIN):
            return render(request, "errors/403.html", status=403)
        if form.is_valid():
            try:
                services.invite_member(
                    organisation=_organisation(request),
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    invited_by=request.user,  # type: ignore[arg-type]
                )
            except services.OrganisationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Die Einladung ist unterwegs."))
                return redirect("intranet:members")
        status = 400
    return render(
        request,
        "intranet/members.html",
        {"memberships": selectors.active_memberships()[:200], "form": form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    organisation = _organisation(request)
    try:
        invitation = services.invitation_for_token(organisation=organisation, token=token)
    except services.InvitationError as exc:
        return render(
            request, "intranet/invitation_invalid.html", {"error": exc.message}, status=410
        )

    signup_form = (
        InvitedSignupForm(request.POST or None) if not request.user.is_authenticated else None
    )
    if request.method == "POST":
        try:
            if request.user.is_authenticated:
                services.accept_invitation(
                    organisation=organisation,
                    token=token,
                    user=request.user,
                )
            elif signup_form is not None and signup_form.is_valid():
                user = services.register_invited_user(
                    organisation=organisation,
                    token=token,
                    display_name=signup_form.cleaned_data["display_name"],
                    password=signup_form.cleaned_data["password"],
                )
                login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
            else:
                return render(
                    request,
                    "intranet/invitation.html",
                    {"invitation": invitation, "signup_form": signup_form},
                    status=400,
                )
        except services.OrganisationError as exc:  # invitation or member-limit rules
            if signup_form is not None and exc.field in signup_form.fields:
                signup_form.add_error(exc.field, exc.message)
                return render(
                    request,
                    "intranet/invitation.html",
                    {"invitation": invitation, "signup_form": signup_form},
                    status=400,
                )
            return render(
                request, "intranet/invitation_invalid.html", {"error": exc.message}, status=410
            )
        messages.success(request, _("Willkommen bei %(name)s!") % {"name": organisation.name})
        return redirect("intranet:home")
    return render(
        request, "intranet/invitation.html", {"invitation": invitation, "signup_form": signup_form}
    )


@member_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    security = SecurityForm(
        request.POST or None, initial={"require_two_factor": organisation.require_two_factor}
    )
    if request.method == "POST" and security.is_valid():
        services.set_two_factor_requirement(
            organisation=organisation,
            required=security.cleaned_data["require_two_factor"],
            acting_user=request.user,  # type: ignore[arg-type]
        )
        messages.success(request, _("Gespeichert."))
        return redirect("intranet:settings")
    return render(
        request, "intranet/settings.html", {"form": ConfirmSlugForm(), "security": security}
    )


@member_required(Role.OWNER)
@require_POST
def deactivate(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    form = ConfirmSlugForm(request.POST)
    if not form.is_valid() or form.cleaned_data["confirm"].strip() != organisation.slug:
        form.add_error("confirm", _("Die Adresse stimmt nicht überein."))
        security = SecurityForm(initial={"require_two_factor": organisation.require_two_factor})
        return render(
            request, "intranet/settings.html", {"form": form, "security": security}, status=400
        )
    full = Organisation.objects.get(pk=organisation.pk)
    services.deactivate_organisation(organisation=full, acting_user=request.user)  # type: ignore[arg-type]
    return redirect(request.build_absolute_uri("/"))


@member_required(Role.ADMIN)
@require_GET
def api_access(request: HttpRequest) -> HttpResponse:
    """How other systems reach this intranet's API; token access is a plan feature."""
    from billing.entitlements import has_feature
    from billing.models import Feature

    return render(
        request,
        "intranet/api_access.html",
        {
            "unlocked": has_feature(_organisation(request), Feature.API_ACCESS),
            "api_base": request.build_absolute_uri("/api/v1/"),
            "schema_url": request.build_absolute_uri("/api/schema/"),
        },
    )

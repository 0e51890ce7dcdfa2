"""Intranet pages of one organisation (tenant URL conf). HTTP only: rules live in services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from accounts.models import User
from config.forms import posted, posted_files
from intranet import search as intranet_search
from intranet import selectors
from intranet import services as intranet_services
from intranet.forms import DirectorySearchForm, MemberImportForm, ProfileForm, RoleForm
from intranet.member_import import ImportRejected, RowProblem, import_members
from intranet.permissions import DIRECTORY_ROLE, current_membership, member_required
from tenants import branding, custom_domains, services
from tenants.forms import (
    ConfirmSlugForm,
    DomainForm,
    InvitationForm,
    InvitedSignupForm,
    OrganisationSettingsForm,
    SecurityForm,
)
from tenants.models import Domain, DomainClaim, DomainClaimStatus, Organisation, Role


def _organisation(request: HttpRequest) -> Organisation:
    return request.tenant  # type: ignore[attr-defined]


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "intranet/welcome.html", status=200)
    membership = current_membership(request)
    if membership is None:
        return render(request, "intranet/no_access.html", status=403)
    from intranet.dashboard import dashboard
    from workspaces.scopes import intranet_actor

    organisation = _organisation(request)
    actor = intranet_actor(request.user, membership, organisation)
    return render(
        request, "intranet/home.html", {"board": dashboard(actor, membership, organisation)}
    )


@member_required(DIRECTORY_ROLE)
@require_http_methods(["GET", "POST"])
def members(request: HttpRequest) -> HttpResponse:
    """The member directory (name order, keyset pages, search) and, for admins, invitations."""
    membership = current_membership(request)
    if membership is None:  # member_required has checked; keeps the type checker honest
        raise Http404
    form = InvitationForm(posted(request))
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
    search = DirectorySearchForm(request.GET or None)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    former = request.GET.get("ehemalige") == "1" and membership.has_role(Role.ADMIN)
    after = request.GET.get("nach", "")
    page, next_after = selectors.directory_page(
        query=query, after=int(after) if after.isdigit() else None, former=former
    )
    return render(
        request,
        "intranet/members.html",
        {
            "entries": [(m, m.contact_visible_to(membership)) for m in page],
            "next_after": next_after,
            "search": search,
            "query": query,
            "former": former,
            "form": form,
            "role_form": RoleForm(),
        },
        status=status,
    )


def _member_or_404(public_id: UUID) -> User:
    user = User.objects.filter(public_id=public_id).first()
    if user is None or selectors.membership_of(user.pk) is None:
        raise Http404
    return user


def _after_admin_action(request: HttpRequest, run: Callable[[], object], done: str) -> HttpResponse:
    try:
        run()
    except services.OrganisationError as exc:
        messages.error(request, exc.message)
        return redirect("intranet:members")
    messages.success(request, done)
    return redirect("intranet:members")


@member_required(Role.ADMIN)
@require_POST
def member_role(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = _member_or_404(public_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte wähle eine Rolle."))
        return redirect("intranet:members")
    return _after_admin_action(
        request,
        lambda: intranet_services.change_role(
            organisation=_organisation(request),
            user=user,
            role=form.cleaned_data["role"],
            acting_user=request.user,  # type: ignore[arg-type]
        ),
        _("Die Rolle von %(name)s ist geändert.") % {"name": user.name},
    )


@member_required(Role.ADMIN)
@require_POST
def member_active(request: HttpRequest, public_id: UUID, active: bool) -> HttpResponse:
    user = _member_or_404(public_id)
    return _after_admin_action(
        request,
        lambda: intranet_services.set_active(
            organisation=_organisation(request),
            user=user,
            active=active,
            acting_user=request.user,  # type: ignore[arg-type]
        ),
        (_("%(name)s ist wieder aktiv.") if active else _("%(name)s ist deaktiviert."))
        % {"name": user.name},
    )


@member_required(Role.ADMIN)
@require_POST
def member_remove(request: HttpRequest, public_id: UUID) -> HttpResponse:
    user = _member_or_404(public_id)
    return _after_admin_action(
        request,
        lambda: intranet_services.remove_member(
            organisation=_organisation(request),
            user=user,
            acting_user=request.user,  # type: ignore[arg-type]
        ),
        _("%(name)s ist nicht mehr Mitglied. Beiträge bleiben erhalten.") % {"name": user.name},
    )


@member_required(Role.GUEST)
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """A member's own entry in the directory."""
    membership = current_membership(request)
    if membership is None:
        raise Http404
    form = ProfileForm(posted(request), instance=membership)
    if request.method == "POST":
        if form.is_valid():
            intranet_services.update_profile(
                organisation=_organisation(request),
                user=request.user,  # type: ignore[arg-type]
                **{name: form.cleaned_data[name] for name in ProfileForm.Meta.fields},
            )
            messages.success(request, _("Dein Eintrag ist gespeichert."))
            return redirect(
                "intranet:members" if membership.has_role(Role.MEMBER) else "intranet:home"
            )
        return render(request, "intranet/profile.html", {"form": form}, status=400)
    return render(request, "intranet/profile.html", {"form": form})


@member_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def member_import(request: HttpRequest) -> HttpResponse:
    """Invite many people at once from a CSV file; a file with any bad row changes nothing."""
    form = MemberImportForm(posted(request), posted_files(request))
    problems: list[RowProblem] = []
    if request.method == "POST":
        if form.is_valid():
            try:
                count = import_members(
                    organisation=_organisation(request),
                    acting_user=request.user,  # type: ignore[arg-type]
                    data=form.cleaned_data["file"],
                )
            except ImportRejected as exc:
                problems = exc.problems
                form.add_error("file", exc.message)
            except services.OrganisationError as exc:
                form.add_error("file", exc.message)
            else:
                messages.success(request, _("%(n)d Einladungen sind unterwegs.") % {"n": count})
                return redirect("intranet:members")
        return render(
            request, "intranet/member_import.html", {"form": form, "problems": problems}, status=400
        )
    return render(request, "intranet/member_import.html", {"form": form, "problems": problems})


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    organisation = _organisation(request)
    try:
        invitation = services.invitation_for_token(organisation=organisation, token=token)
    except services.InvitationError as exc:
        return render(
            request, "intranet/invitation_invalid.html", {"error": exc.message}, status=410
        )

    signup_form = InvitedSignupForm(posted(request)) if not request.user.is_authenticated else None
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


def _settings_context(request: HttpRequest, **forms: Any) -> dict[str, Any]:
    organisation = _organisation(request)
    from billing.entitlements import has_feature
    from billing.models import Feature

    return {
        "form": forms.get("form") or ConfirmSlugForm(),
        "security": forms.get("security")
        or SecurityForm(initial={"require_two_factor": organisation.require_two_factor}),
        "appearance": forms.get("appearance")
        or OrganisationSettingsForm(
            initial={
                "name": organisation.name,
                "brand_colour": organisation.brand_colour,
                "default_language": organisation.default_language,
            }
        ),
        "domain_form": forms.get("domain_form") or DomainForm(),
        "custom_domains_allowed": has_feature(organisation, Feature.CUSTOM_DOMAIN),
        "domains": Domain.objects.filter(tenant_id=organisation.pk).order_by(
            "-is_primary", "domain"
        ),
        "claims": DomainClaim.objects.filter(organisation_id=organisation.pk).exclude(
            status=DomainClaimStatus.VERIFIED
        ),
    }


@member_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    security = SecurityForm(
        posted(request), initial={"require_two_factor": organisation.require_two_factor}
    )
    if request.method == "POST":
        if security.is_valid():
            services.set_two_factor_requirement(
                organisation=organisation,
                required=security.cleaned_data["require_two_factor"],
                acting_user=request.user,  # type: ignore[arg-type]
            )
            messages.success(request, _("Gespeichert."))
            return redirect("intranet:settings")
        context = _settings_context(request, security=security)
        return render(request, "intranet/settings.html", context, status=400)
    return render(request, "intranet/settings.html", _settings_context(request))


@member_required(Role.OWNER)
@require_POST
def appearance(request: HttpRequest) -> HttpResponse:
    """Name, colour, logo and default language."""
    form = OrganisationSettingsForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            branding.update_settings(
                organisation=_organisation(request),
                acting_user=request.user,  # type: ignore[arg-type]
                name=data["name"],
                brand_colour=data["brand_colour"],
                default_language=data["default_language"],
                logo=data["logo"] or None,
                remove_logo=data["remove_logo"],
            )
        except services.OrganisationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Gespeichert."))
            return redirect("intranet:settings")
    return render(
        request, "intranet/settings.html", _settings_context(request, appearance=form), status=400
    )


@member_required(Role.OWNER)
@require_POST
def add_domain(request: HttpRequest) -> HttpResponse:
    form = DomainForm(request.POST)
    if form.is_valid():
        try:
            custom_domains.claim_domain(
                organisation=_organisation(request),
                domain=form.cleaned_data["domain"],
                acting_user=request.user,  # type: ignore[arg-type]
            )
        except services.OrganisationError as exc:
            form.add_error("domain", exc.message)
        else:
            messages.success(
                request, _("Die Domain ist angemeldet. Bitte legt jetzt den TXT-Eintrag an.")
            )
            return redirect("intranet:settings")
    return render(
        request, "intranet/settings.html", _settings_context(request, domain_form=form), status=400
    )


@member_required(Role.OWNER)
@require_POST
def check_domain(request: HttpRequest) -> HttpResponse:
    claim = DomainClaim.objects.filter(
        organisation_id=_organisation(request).pk, domain=request.POST.get("domain", "")
    ).first()
    if claim is None:
        raise Http404
    claim = custom_domains.verify_claim(claim_id=claim.pk)
    if claim.status == DomainClaimStatus.VERIFIED:
        messages.success(
            request,
            _("Bestätigt: %(domain)s führt jetzt zu eurem Intranet.") % {"domain": claim.domain},
        )
    else:
        messages.error(request, claim.last_error or _("Noch nicht bestätigt."))
    return redirect("intranet:settings")


@member_required(Role.OWNER)
@require_POST
def remove_domain(request: HttpRequest) -> HttpResponse:
    try:
        custom_domains.remove_domain(
            organisation=_organisation(request),
            domain=request.POST.get("domain", ""),
            acting_user=request.user,  # type: ignore[arg-type]
        )
    except services.OrganisationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Die Domain ist entfernt."))
    return redirect("intranet:settings")


@require_GET
def branding_css(request: HttpRequest) -> HttpResponse:
    """The organisation's colour as a stylesheet (the CSP allows no inline styles)."""
    colour = _organisation(request).brand_colour
    css = (
        f".site-header--intranet{{border-bottom-color:{colour}}}"
        f".site-header--intranet .site-brand{{color:{colour}}}"
        if colour
        else ""
    )
    response = HttpResponse(css, content_type="text/css")
    response["Cache-Control"] = "max-age=300"
    return response


@member_required(Role.OWNER)
@require_POST
def deactivate(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    form = ConfirmSlugForm(request.POST)
    if not form.is_valid() or form.cleaned_data["confirm"].strip() != organisation.slug:
        form.add_error("confirm", _("Die Adresse stimmt nicht überein."))
        context = _settings_context(request, form=form)
        return render(request, "intranet/settings.html", context, status=400)
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


@member_required(Role.GUEST)
@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    """Search posts, events, groups and people of this organisation (as far as one may see)."""
    from workspaces.scopes import actor_for

    actor = actor_for(request)
    if actor is None:
        raise Http404
    results = intranet_search.search(actor, request.GET.get("q", ""))
    return render(
        request,
        "intranet/search.html",
        {"results": results, "too_short": 0 < len(results.query) < intranet_search.MIN_QUERY},
    )

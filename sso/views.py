"""The SSO settings page (owners and admins) and the organisation host's login page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts import bridge
from config.forms import posted
from intranet.permissions import member_required
from sso import services
from sso.forms import IdentityProviderForm
from tenants.models import Organisation, Role, absolute_url


def _organisation(request: HttpRequest) -> Organisation:
    return request.tenant  # type: ignore[attr-defined]


def _initial(organisation: Organisation) -> dict[str, object]:
    from sso.models import IdentityProvider

    idp = IdentityProvider.objects.filter(organisation_id=organisation.pk).first()
    if idp is None:
        return {}
    return {
        "name": idp.name,
        "issuer": idp.issuer,
        "client_id": idp.client_id,
        "allowed_domains": ", ".join(idp.allowed_domains),
        "members_must_use_sso": idp.members_must_use_sso,
        "add_new_members": idp.add_new_members,
        "is_enabled": idp.is_enabled,
    }


@member_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def sso_settings(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    allowed = services.sso_allowed(organisation)
    initial = _initial(organisation)
    form = IdentityProviderForm(posted(request), initial=initial)
    status = 200
    if request.method == "POST":
        if not allowed:
            messages.error(request, services.feature_message())
            status = 403
        elif form.is_valid():
            try:
                services.configure_sso(
                    organisation=organisation, actor=request.user, **form.as_service_kwargs()
                )
            except services.SSOError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Single Sign-on wurde gespeichert."))
                return redirect("sso_settings")
        if form.errors:
            status = 400
    return render(
        request,
        "sso/settings.html",
        {
            "form": form,
            "allowed": allowed,
            "feature_message": "" if allowed else services.feature_message(),
            "configured": bool(initial),
            "enabled": bool(initial.get("is_enabled")),
            "callback_url": request.build_absolute_uri(
                f"/accounts/oidc/org-{organisation.pk}/login/callback/"
            ),
        },
        status=status,
    )


@member_required(Role.ADMIN)
@require_POST
def sso_disable(request: HttpRequest) -> HttpResponse:
    services.disable_sso(organisation=_organisation(request), actor=request.user)
    messages.success(request, _("Single Sign-on ist ausgeschaltet."))
    return redirect("sso_settings")


@never_cache
def login_page(
    request: HttpRequest, provider: services.ActiveProvider, next_path: str
) -> HttpResponse:
    """Organisation host with SSO: "Mit <IdP> anmelden", and the platform login unless the
    organisation requires SSO."""
    here = absolute_url(request.get_host().split(":", 1)[0], next_path)
    return render(
        request,
        "sso/login.html",
        {
            "provider": provider,
            "next": next_path,
            "platform_login_url": bridge.root_bridge_url(here),
        },
    )

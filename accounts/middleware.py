"""Send people who must use a second factor to set one up before anything else."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.two_factor import second_factor_missing, staff_second_factor_missing

# Paths that stay reachable: the set-up pages themselves, logout, probes, static files.
EXEMPT_PREFIXES = (
    "/accounts/",
    "/anmelden/",
    "/konto/",
    "/healthz",
    "/readyz",
    "/static/",
    "/i18n/",
)


class TwoFactorPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and not request.path.startswith(EXEMPT_PREFIXES):
            if request.path.startswith("/admin/") and staff_second_factor_missing(request.user):
                messages.warning(
                    request, _("Für den Admin-Bereich brauchst du einen zweiten Faktor.")
                )
                return redirect("mfa_index")
            tenant = getattr(request, "tenant", None)
            if tenant is not None and not tenant.is_public and tenant.is_ready:
                from intranet.permissions import current_membership

                membership = current_membership(request)
                role = membership.role if membership else None
                if second_factor_missing(user=request.user, organisation=tenant, role=role):
                    messages.warning(
                        request,
                        _(
                            "%(name)s verlangt für Admins eine Zwei-Faktor-Anmeldung. "
                            "Bitte richte sie jetzt ein."
                        )
                        % {"name": tenant.name},
                    )
                    return redirect("mfa_index")
        return self.get_response(request)

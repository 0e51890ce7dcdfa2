"""The login bridge between the root domain and organisation hosts (see accounts/bridge.py)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.decorators import login_required
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts import bridge, privacy, services
from accounts.forms import EraseAccountForm, ProfileForm
from config.domain import DomainError
from tenants.models import absolute_url


@never_cache
@require_GET
def hand_over(request: HttpRequest) -> HttpResponse:
    """Root domain: send the logged-in person on to an organisation host, logging in first."""
    target = bridge.organisation_target(request.GET.get("to", ""))
    if target is None:
        return render(request, "errors/404.html", status=404)
    if not request.user.is_authenticated:
        login = "/accounts/login/?" + urlencode({"next": request.get_full_path()})
        return redirect(login)
    token = bridge.issue_token(request.session, request.user.pk)
    return HttpResponseRedirect(bridge.finish_url(target, token))


@never_cache
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """Organisation host: log in through the root domain and come back to ``next``."""
    next_path = bridge.safe_next(request, request.GET.get("next"))
    from sso import services as sso
    from sso.views import login_page

    provider = sso.active_provider(getattr(request, "tenant", None))
    if provider is not None and not (
        request.user.is_authenticated
        and (
            not provider.members_must_use_sso
            or sso.session_used_sso(request, provider.organisation_id)
        )
    ):
        return login_page(request, provider, next_path)
    if request.user.is_authenticated:
        return redirect(next_path)
    here = absolute_url(request.get_host().split(":", 1)[0], next_path)
    return HttpResponseRedirect(bridge.root_bridge_url(here))


@never_cache
@require_GET
def finish(request: HttpRequest) -> HttpResponse:
    """Organisation host: adopt the session the root domain handed over."""
    next_path = bridge.safe_next(request, request.GET.get("next"))
    payload = bridge.redeem_token(request.GET.get("token", ""))
    if payload is None:
        return render(request, "accounts/bridge_failed.html", status=400)
    session = SessionStore(session_key=str(payload["session_key"]))
    if str(session.get(SESSION_KEY)) != str(payload["user_id"]):
        return render(request, "accounts/bridge_failed.html", status=400)  # logged out meanwhile
    response = redirect(next_path)
    if session.session_key and request.session.session_key != session.session_key:
        response.set_cookie(
            settings.SESSION_COOKIE_NAME,
            session.session_key,
            max_age=settings.SESSION_COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """A person's own profile: display name and (optional) home district."""
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={"display_name": user.display_name, "home_district": user.home_district},  # type: ignore[union-attr]
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(
                user=user,  # type: ignore[arg-type]
                display_name=form.cleaned_data["display_name"],
                home_district=form.cleaned_data["home_district"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Gespeichert."))
            return redirect("profile")
    return render(
        request, "accounts/profile.html", {"form": form}, status=400 if form.errors else 200
    )


@never_cache
@login_required
@require_GET
def export_data(request: HttpRequest) -> HttpResponse:
    """GDPR Art. 20: the logged-in person's own data as a JSON file (no id in the URL)."""
    archive = privacy.export_person(request.user)  # type: ignore[arg-type]
    response = JsonResponse(archive, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="wecreate-meine-daten.json"'
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def erase_account(request: HttpRequest) -> HttpResponse:
    """GDPR Art. 17: erase the logged-in person's account everywhere, confirmed by their address."""
    user = request.user
    form = EraseAccountForm(request.POST or None, email=user.email)  # type: ignore[union-attr]
    if request.method == "POST" and form.is_valid():
        try:
            privacy.erase_person(user)  # type: ignore[arg-type]
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            logout(request)
            return render(request, "accounts/erased.html")
    return render(
        request, "accounts/erase.html", {"form": form}, status=400 if form.errors else 200
    )

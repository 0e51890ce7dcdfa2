"""The login bridge between the root domain and organisation hosts (see accounts/bridge.py)."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts import bridge, privacy, services
from accounts.forms import EraseAccountForm, ProfileForm
from accounts.models import User
from config.domain import DomainError
from config.forms import posted
from tenants.models import absolute_url


@never_cache
@require_GET
def hand_over(request: HttpRequest) -> HttpResponse:
    """Root domain: send the logged-in person on to an organisation host, logging in first."""
    found = bridge.organisation_target(request.GET.get("to", ""))
    if found is None:
        return render(request, "errors/404.html", status=404)
    target, organisation = found
    if not request.user.is_authenticated:
        login = "/accounts/login/?" + urlencode({"next": request.get_full_path()})
        return redirect(login)
    if not bridge.may_enter(
        user=request.user, organisation=organisation, path=urlsplit(target).path
    ):
        # Non-members get no session there: what they could see is what visitors see.
        return render(
            request, "accounts/bridge_no_access.html", {"organisation": organisation}, status=403
        )
    host = urlsplit(target).hostname or ""
    token = bridge.issue_token(request.session, request.user.pk, host)
    # A page, not a redirect: after the login form's POST, Chromium checks every redirect of
    # the chain against the form's CSP ``form-action``, which names this host only. The page
    # moves on by itself (meta refresh, no script) and is a new navigation (WEB-5).
    return render(
        request,
        "accounts/bridge_continue.html",
        {"organisation": organisation, "url": bridge.finish_url(target, token)},
    )


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
    """Organisation host: start a session of its own for the person the root domain vouched
    for, linked to the root session (logout anywhere ends both)."""
    next_path = bridge.safe_next(request, request.GET.get("next"))
    host = request.get_host().split(":", 1)[0]
    payload = bridge.redeem_token(request.GET.get("token", ""), host)
    if payload is None:
        return render(request, "accounts/bridge_failed.html", status=400)
    root_key, user_id = str(payload["root_session_key"]), int(payload["user_id"])
    if not bridge.root_session_alive(root_key, user_id):
        return render(request, "accounts/bridge_failed.html", status=400)  # logged out meanwhile
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return render(request, "accounts/bridge_failed.html", status=400)
    # login() gives this host a fresh session key (never the root's).
    login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
    request.session.save()
    bridge.link_session(
        root_session_key=root_key,
        session_key=str(request.session.session_key),
        host=host,
        user_id=user_id,
    )
    return redirect(next_path)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """A person's own profile: display name and (optional) home district."""
    user = request.user
    form = ProfileForm(
        posted(request),
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
    form = EraseAccountForm(posted(request), email=user.email)  # type: ignore[union-attr]
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

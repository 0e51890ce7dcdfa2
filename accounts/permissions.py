"""Who may enter platform staff pages (moderation queue, billing overview)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.two_factor import staff_second_factor_missing

View = Callable[..., HttpResponse]


def is_platform_staff(user: Any) -> bool:
    """Platform staff: ``is_staff`` in the public schema, and an active account."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_staff)


def staff_required(view: View) -> View:
    """Platform staff only (404 for everyone else, as if the page did not exist), with a second
    factor where STAFF_REQUIRE_TWO_FACTOR asks for one (accounts/middleware.py guards only
    /admin/)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_platform_staff(request.user):
            raise Http404
        if staff_second_factor_missing(request.user):
            messages.warning(request, _("Für diesen Bereich brauchst du einen zweiten Faktor."))
            return redirect("mfa_index")
        return view(request, *args, **kwargs)

    return wrapped

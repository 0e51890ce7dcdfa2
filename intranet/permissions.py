"""Who may do what inside an organisation. Used by views, templates and the API alike."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from audit.services import support_membership
from intranet.models import Membership
from tenants.db import connection
from tenants.models import Role

_CACHE_ATTR = "_wecreate_membership"

# The member directory (names, functions, contact) is for members: guests (a speaker invited
# for one event, a press contact) see the content they are let into, not who else belongs.
# The page, the members API and the people in search all ask this one rule (AUTH-10).
DIRECTORY_ROLE = Role.MEMBER


def may_see_directory(membership: Membership | None) -> bool:
    return membership is not None and membership.has_role(DIRECTORY_ROLE)


def current_membership(request: HttpRequest) -> Membership | None:
    """The visitor's active membership in the organisation of this request (cached per request)."""
    if hasattr(request, _CACHE_ATTR):
        return getattr(request, _CACHE_ATTR)
    membership = None
    tenant = getattr(request, "tenant", None)
    user = getattr(request, "user", None)  # absent when routing answered before authentication
    if (
        tenant is not None
        and user is not None
        and not tenant.is_public
        and tenant.is_ready
        and user.is_authenticated
        and connection.schema_name == tenant.schema_name
    ):
        membership = Membership.objects.filter(user_id=user.pk, is_active=True).first()
        membership = membership or support_membership(request)  # staff under a grant (AUTH-8)
    setattr(request, _CACHE_ATTR, membership)
    return membership


def sso_required(request: HttpRequest, membership: Membership) -> bool:
    """The organisation requires SSO and this session did not come through it (AUTH-9).
    Owners are exempt, so a broken IdP never locks the organisation out of its settings."""
    from sso.services import active_provider, session_used_sso

    if membership.role == Role.OWNER or getattr(membership, "pk", None) is None:
        return False
    provider = active_provider(getattr(request, "tenant", None))
    return bool(
        provider
        and provider.members_must_use_sso
        and not session_used_sso(request, provider.organisation_id)
    )


def remember_membership(request: HttpRequest, membership: Membership) -> None:
    """For a caller that has already looked the membership up (audit's middleware)."""
    setattr(request, _CACHE_ATTR, membership)


def member_required(
    minimum: str = Role.GUEST,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Anonymous → login; not a member → 404 (as for a missing object), with a page that says
    so instead of asking a logged-in person to log in; too low a role → 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), login_url="login_start")
            membership = current_membership(request)
            if membership is None:
                # Still a 404 (nothing about the object is given away), but the person learns
                # why: they are logged in, just not a member here.
                return render(request, "intranet/no_access.html", status=404)
            if not membership.has_role(minimum):
                raise PermissionDenied
            if sso_required(request, membership):
                return redirect_to_login(request.get_full_path(), login_url="login_start")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator

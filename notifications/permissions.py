"""Who may read notifications where: on the public network every signed-in person (their own
notifications); on an organisation's host only its members, as for every intranet page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from intranet.permissions import current_membership, member_required
from tenants.models import Role


def _on_intranet(request: HttpRequest) -> bool:
    tenant = getattr(request, "tenant", None)
    return tenant is not None and not tenant.is_public


def reader_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous → login; on an intranet, not a member → 404 (``member_required``)."""
    on_intranet = member_required(Role.GUEST)(view)
    on_network = login_required(view)

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        chosen = on_intranet if _on_intranet(request) else on_network
        return chosen(request, *args, **kwargs)

    return wrapped


class CanReadNotifications(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        if _on_intranet(request._request):
            return current_membership(request._request) is not None
        return True

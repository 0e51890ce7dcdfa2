from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from notifications.selectors import unread_count
from tenants.models import absolute_url
from tenants.services import organisations_of


def organisation(request: HttpRequest) -> dict[str, Any]:
    """Navigation data: the current organisation, the visitor's role, the organisation switcher."""
    from intranet.permissions import current_membership

    tenant = getattr(request, "tenant", None)
    user = getattr(request, "user", None)
    in_intranet = tenant is not None and not tenant.is_public and tenant.is_ready
    return {
        "current_organisation": tenant if in_intranet else None,
        "current_membership": current_membership(request) if in_intranet else None,
        "my_organisations": (lambda: organisations_of(user)) if user is not None else list,
        "network_url": absolute_url(settings.BASE_DOMAIN),
        "unread_notifications": (lambda: unread_count(user))
        if user is not None and user.is_authenticated
        else 0,
    }

"""Navigation data of the public network: the "Meine Boxen" menu in the header lists the
visitor's boxes (at most ``NAV_BOXES``, the rest behind "Alle meine Boxen"). Lazy: the one
bounded query runs only when a page's header shows the menu."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from workspaces.selectors import nav_boxes


def my_boxes(request: HttpRequest) -> dict[str, Any]:
    tenant = getattr(request, "tenant", None)
    user = getattr(request, "user", None)
    on_network = tenant is None or tenant.is_public
    if not on_network or user is None or not user.is_authenticated:
        return {"my_boxes": None}
    return {"my_boxes": lambda: nav_boxes(user.pk)}

"""The billing banner in the intranet: grace period and read-only notices."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from billing.entitlements import Entitlements, entitlements


def billing_state(request: HttpRequest) -> dict[str, Any]:
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.is_public or not getattr(tenant, "is_ready", False):
        return {}

    def state() -> Entitlements:  # lazy: only pages that show the banner ask
        return entitlements(tenant)

    return {"billing_state": state}

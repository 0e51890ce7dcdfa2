"""Route matrix entries for single sign-on: the settings page and switch-off (owners and admins).
The OIDC login and callback live under accounts/ (allauth, delegated)."""

from __future__ import annotations

from tests.matrix.billing import _ADMIN_PAGE, _ADMIN_POST

TENANT = {
    "sso_settings": ("/einstellungen/sso/", _ADMIN_PAGE),
    "sso_disable": ("/einstellungen/sso/aus/", _ADMIN_POST),
}

# Writes with an empty body: who gets an answer; everyone else is refused
# (tests/test_route_matrix_writes.py).
TENANT_WRITES = {
    "sso_settings": {"post": "alice"},
    "sso_disable": {"post": "alice"},
}

"""ISO-2: the same cache key written in two schemas never shares its value."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import caches
from django_tenants.utils import schema_context, tenant_context

from tests.cast import Cast


@pytest.mark.parametrize("alias", ["default", "fragments"])
def test_the_cache_key_carries_the_schema(cast: Cast, alias: str) -> None:
    # "fragments" holds rendered HTML (a post's head under its display_version).
    cache = caches[alias]
    assert settings.CACHES[alias]["KEY_FUNCTION"] == "django_tenants.cache.make_key"
    with tenant_context(cast.alpha):
        cache.set("dashboard", "alpha's numbers")
    with tenant_context(cast.beta):
        assert cache.get("dashboard") is None
        cache.set("dashboard", "beta's numbers")
    with schema_context("public"):
        assert cache.get("dashboard") is None
    with tenant_context(cast.alpha):
        assert cache.get("dashboard") == "alpha's numbers"
    with tenant_context(cast.beta):
        assert cache.get("dashboard") == "beta's numbers"


def test_the_host_lookup_cache_lives_in_the_public_namespace_only(cast: Cast, client_for) -> None:
    from tenants.routing import organisation_for_host

    client_for(cast.alpha).get("/healthz")
    with tenant_context(cast.beta):
        # Looked up from inside another schema, the answer is still alpha's own record.
        organisation = organisation_for_host("alpha.localhost")
    assert organisation is not None and organisation.schema_name == cast.alpha.schema_name

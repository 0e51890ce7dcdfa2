"""Host name → organisation, cached. Invalidated whenever an organisation or domain changes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import caches
from django_tenants.utils import get_public_schema_name, schema_context

from tenants.models import Domain, Organisation

_FIELDS = (
    "id",
    "schema_name",
    "name",
    "slug",
    "kind",
    "status",
    "owner_id",
    "public_id",
    "require_two_factor",
    "brand_colour",
    "logo",
    "default_language",
)
_MISSING = "-"


def _key(hostname: str) -> str:
    return f"tenants:host:{hostname}"


def _cache() -> Any:
    # The platform cache has no schema in its keys, so a hit needs no schema switch (which would
    # cost a SET search_path on the next query).
    return caches["platform"]


def organisation_for_host(hostname: str) -> Organisation | None:
    """The organisation serving ``hostname``, from the cache when possible (no query on a hit)."""
    cached = _cache().get(_key(hostname))
    if cached == _MISSING:
        return None
    if cached is None:
        with schema_context(get_public_schema_name()):
            domain = Domain.objects.select_related("tenant").filter(domain=hostname).first()
        cached = _snapshot(domain.tenant) if domain else _MISSING
        # Unknown hosts are cached briefly: enough to absorb scanners, short for new domains.
        timeout = settings.TENANT_CACHE_SECONDS if domain else 10
        _cache().set(_key(hostname), cached, timeout)
        if cached == _MISSING:
            return None
    return _restore(cached)


def forget_organisation(organisation_id: int) -> None:
    with schema_context(get_public_schema_name()):
        hosts = list(
            Domain.objects.filter(tenant_id=organisation_id).values_list("domain", flat=True)
        )
    _cache().delete_many([_key(h) for h in hosts])


def forget_host(hostname: str) -> None:
    _cache().delete(_key(hostname))


def _snapshot(organisation: Organisation) -> dict[str, Any]:
    return {field: getattr(organisation, field) for field in _FIELDS}


def _restore(snapshot: dict[str, Any]) -> Organisation:
    organisation = Organisation(**snapshot)
    organisation._state.adding = False
    organisation._state.db = "default"
    return organisation

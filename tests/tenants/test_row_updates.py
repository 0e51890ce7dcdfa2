"""A QuerySet.update() of an organisation bypasses save() and so the host cache's invalidation;
update_organisation_row() does both, so the next request sees the change."""

from __future__ import annotations

from tenants.models import OrganisationStatus
from tenants.routing import organisation_for_host
from tenants.services import update_organisation_row
from tests.cast import Cast


def test_a_row_update_reaches_the_cached_host_lookup(cast: Cast, client_for) -> None:
    client_for(cast.alpha).get("/healthz")
    cached = organisation_for_host("alpha.localhost")
    assert cached is not None and cached.status == OrganisationStatus.READY
    update_organisation_row(cast.alpha.pk, status=OrganisationStatus.PROVISIONING)
    fresh = organisation_for_host("alpha.localhost")
    assert fresh is not None and fresh.status == OrganisationStatus.PROVISIONING
    assert client_for(cast.alpha).get("/", follow=False).status_code == 503
    update_organisation_row(cast.alpha.pk, status=OrganisationStatus.READY)
    assert client_for(cast.alpha).get("/healthz").status_code == 200

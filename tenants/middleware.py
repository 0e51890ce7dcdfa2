"""Routing: the root domain serves the public network, other hosts their organisation."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import set_urlconf
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import get_public_schema_name

from tenants.db import connection
from tenants.models import OrganisationStatus
from tenants.routing import organisation_for_host

# Probes answer on any host, whatever state its organisation is in.
ALWAYS_SERVED = ("/healthz", "/readyz", "/static/")


class OrganisationMiddleware(TenantMainMiddleware):
    """django-tenants' host routing with a cached lookup and one SET search_path per switch."""

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        hostname = self.hostname_from_request(request)
        organisation = organisation_for_host(hostname)
        if organisation is None:
            self._enter_public(request)
            if request.path.startswith(ALWAYS_SERVED):
                return None
            return render(request, "errors/unknown_host.html", {"host": hostname}, status=404)

        request.tenant = organisation  # type: ignore[attr-defined]
        if (
            connection.schema_name == organisation.schema_name
            and connection.search_path_set_schemas
        ):
            connection.tenant = organisation  # same schema as the last request: no SET needed
        else:
            connection.set_tenant(organisation)
        self.setup_url_routing(request)

        if organisation.status != OrganisationStatus.READY and not organisation.is_public:
            if request.path.startswith(ALWAYS_SERVED):
                return None
            # Never touch a schema that is not ready: answer from the public schema.
            self._enter_public(request, keep_tenant=organisation)
            template = {
                OrganisationStatus.PROVISIONING: "errors/provisioning.html",
                OrganisationStatus.FAILED: "errors/provisioning_failed.html",
            }.get(OrganisationStatus(organisation.status), "errors/deactivated.html")
            status = 503 if organisation.status == OrganisationStatus.PROVISIONING else 410
            response = render(request, template, {"organisation": organisation}, status=status)
            if status == 503:
                response["Retry-After"] = "3"
            return response
        return None

    def _enter_public(self, request: HttpRequest, keep_tenant: object = None) -> None:
        from tenants.models import Organisation

        connection.set_schema_to_public()
        request.tenant = keep_tenant or Organisation(  # type: ignore[attr-defined]
            schema_name=get_public_schema_name(), name="WeCreate"
        )
        request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
        set_urlconf(request.urlconf)

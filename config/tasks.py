"""Base class of every task: re-enter the schema the task was enqueued in, and check it.

tenant-schemas-celery switches the schema from the ``_schema_name`` header in a signal handler;
a failing handler would leave the task in ``public``. So each task asserts, before it runs,
that the connection is in the schema named in its header and that the organisation is ready
(docs/security.md ISO-3). A task for a deactivated or unfinished organisation is dropped, not run.
"""

from __future__ import annotations

import logging
from typing import Any

from django_tenants.utils import get_public_schema_name
from tenant_schemas_celery.app import get_schema_name_from_task
from tenant_schemas_celery.task import TenantTask

from tenants.db import connection

logger = logging.getLogger(__name__)


class SchemaMismatch(RuntimeError):
    pass


class OrganisationTask(TenantTask):
    abstract = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        expected = get_schema_name_from_task(self, kwargs) or get_public_schema_name()
        if self.request.called_directly or self.request.is_eager:
            return super().__call__(*args, **kwargs)
        if connection.schema_name != expected:
            raise SchemaMismatch(f"task {self.name} runs in a different schema than enqueued")
        if expected != get_public_schema_name():
            tenant = connection.tenant
            if getattr(tenant, "status", "ready") != "ready":
                logger.warning(
                    "task dropped: organisation not ready",
                    extra={"task": self.name, "organisation_id": getattr(tenant, "pk", None)},
                )
                return None
        return super().__call__(*args, **kwargs)

    @classmethod
    def get_tenant_for_schema(cls, schema_name: str) -> Any:
        from tenants.models import Organisation

        # Always fresh: a cached tenant could hide a deactivation.
        return Organisation.objects.get(schema_name=schema_name)

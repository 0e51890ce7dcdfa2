"""The Celery app. Tasks enqueued inside an organisation run in that organisation's schema."""

from __future__ import annotations

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


class WeCreateCelery(CeleryApp):
    # Every task checks its schema and its organisation's state before it runs.
    task_cls = "config.tasks:OrganisationTask"


app = WeCreateCelery("wecreate")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

"""The Celery app. Tasks enqueued inside an organisation run in that organisation's schema."""

from __future__ import annotations

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = CeleryApp("wecreate")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_cls = "config.tasks:OrganisationTask"
app.autodiscover_tasks()

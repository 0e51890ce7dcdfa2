"""The one seam through which business code enqueues background jobs.

Tasks import services, never the reverse: a service names the task it wants run instead of
importing the tasks module (which would close an import circle). The job is sent once the
current transaction commits, so a worker never reads rows that are rolled back; with
tenant_schemas_celery it runs in the schema it was enqueued from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from celery import current_app
from django.db import transaction


@dataclass(frozen=True)
class QueuedJob:
    """The on-commit callback; tests read ``task_name`` from captured callbacks."""

    task_name: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    countdown: float | None = None

    def __call__(self) -> None:
        registry = current_app.tasks
        if self.task_name not in registry:
            # A web process has not imported the apps' tasks modules yet (the worker does at
            # start-up): autodiscovery fills the registry once, then the name resolves.
            current_app.loader.import_default_modules()
        registry[self.task_name].apply_async(
            args=self.args, kwargs=self.kwargs, countdown=self.countdown
        )


def enqueue(task_name: str, *args: Any, countdown: float | None = None, **kwargs: Any) -> None:
    """Run the registered Celery task ``task_name`` (its dotted name) after commit."""
    transaction.on_commit(QueuedJob(task_name, args, kwargs, countdown))

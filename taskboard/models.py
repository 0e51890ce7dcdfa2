"""Tasks (Aufgaben) as a workspace building block, installed in both SHARED_APPS and
TENANT_APPS: a task belongs to a workspace (an intranet group or a citizen box on the network)
and each schema holds its own rows. The same model, services and pages serve both scopes.

A task has a title, a Markdown description, an assignee (an active member of the workspace, or
nobody), a due date, a status (open / in progress / done) and a checklist. Who may read a task
follows its workspace (workspaces/permissions.py); who may change it is taskboard/services.py's.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from workspaces.models import Workspace

NO_DUE_DATE = date(9999, 12, 31)  # tasks without a due date come last in the list

TITLE_MAX = 200
DESCRIPTION_MAX = 10_000
ITEM_MAX = 300
CHECKLIST_MAX = 50  # items per task


class Status(models.TextChoices):
    OPEN = "open", _("Offen")
    IN_PROGRESS = "in_progress", _("In Arbeit")
    DONE = "done", _("Erledigt")


class Task(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("Titel"), max_length=TITLE_MAX)
    description = models.TextField(_("Beschreibung"), max_length=DESCRIPTION_MAX, blank=True)
    description_html = models.TextField(editable=False, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Zuständig"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    due_date = models.DateField(_("Fällig am"), null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    position = models.PositiveIntegerField(default=0)  # order within the board's column
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # The overdue reminder went out for this due date (a new due date clears it).
    reminded_at = models.DateTimeField(null=True, blank=True)
    checklist_total = models.PositiveIntegerField(default=0)
    checklist_done = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Aufgabe")
        verbose_name_plural = _("Aufgaben")
        ordering: ClassVar = ["position", "id"]
        indexes: ClassVar = [
            # The board's columns and the list, per workspace and status, in board order.
            models.Index(fields=["workspace", "status", "position", "id"], name="task_board"),
            # The board's "done" column: the most recently finished first.
            models.Index(
                fields=["workspace", "-completed_at", "-id"],
                name="task_board_done",
                condition=models.Q(status="done"),
            ),
            # The list: soonest due first, no due date last (selectors.task_list's sort key,
            # the same expression, so a page reads its rows instead of sorting every task).
            models.Index(
                models.F("workspace"),
                Coalesce("due_date", models.Value(NO_DUE_DATE)),
                models.F("id"),
                name="task_list_due",
            ),
            # "My open tasks" and the overdue reminders.
            models.Index(fields=["assignee", "status", "due_date"], name="task_assignee"),
            models.Index(
                fields=["due_date"],
                name="task_due_open",
                condition=~models.Q(status="done") & models.Q(due_date__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.status == Status.DONE


class ChecklistItem(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="checklist")
    text = models.CharField(_("Punkt"), max_length=ITEM_MAX)
    done = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Checklistenpunkt")
        verbose_name_plural = _("Checkliste")
        ordering: ClassVar = ["position", "id"]
        indexes: ClassVar = [models.Index(fields=["task", "position"], name="checklist_order")]

    def __str__(self) -> str:
        return self.text

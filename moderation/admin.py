"""Reports and the audit log in the Django admin: read-only; decisions go through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from config.domain import DomainError
from moderation import services
from moderation.models import ModerationAction, Report


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "target_kind", "reason", "status", "handled_at"]
    list_filter = ["status", "target_kind", "reason"]
    # Reporters and reported people by id only: the admin list is no place for names.
    fields = readonly_fields = (
        "public_id", "target_kind", "impulse_id", "comment_id", "reported_user_id", "reason",
        "text", "status", "created_at", "handled_at", "decision_note",
    )  # fmt: skip
    actions = ["dismiss"]

    @admin.action(description=_("Ausgewählte Meldungen verwerfen"))
    def dismiss(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        done = 0
        for report in queryset.filter(status="open"):
            try:
                services.dismiss_report(actor=request.user, report=report)
            except DomainError as exc:
                self.message_user(request, exc.message, messages.ERROR)
            else:
                done += 1
        message = ngettext("%(n)d Meldung verworfen.", "%(n)d Meldungen verworfen.", done)
        self.message_user(request, message % {"n": done})


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "target_kind", "target_id", "actor_id"]
    list_filter = ["action", "target_kind"]
    search_fields = ["target_id"]
    fields = readonly_fields = (
        "created_at", "action", "target_kind", "target_id", "report", "actor_id", "reason",
    )  # fmt: skip

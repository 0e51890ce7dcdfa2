"""Read-only views of the imported council data for platform staff; sources can be added (the
system URL, the city whose bodies name matching looks at) and their run state read."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from oparl.models import AgendaItem, Meeting, OParlSource, Organization, Paper, Person


@admin.register(OParlSource)
class OParlSourceAdmin(admin.ModelAdmin):
    list_display = ("__str__", "city", "last_success_at", "last_run_at", "resume_list")
    fields = (
        "system_url",
        "name",
        "city",
        "last_success_at",
        "last_run_at",
        "last_result",
        "run_started_at",
        "resume_body",
        "resume_list",
        "resume_url",
        "resume_failures",
    )
    readonly_fields = fields[3:]


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Organization)
class OrganizationAdmin(ReadOnly):
    list_display = ("name", "short_name", "classification", "council_body", "deleted")
    list_filter = ("deleted", "classification")
    search_fields = ("name", "short_name", "oparl_id")


@admin.register(Person)
class PersonAdmin(ReadOnly):
    list_display = ("name", "modified", "deleted")
    search_fields = ("name",)


@admin.register(Meeting)
class MeetingAdmin(ReadOnly):
    list_display = ("name", "start", "location", "cancelled", "deleted")
    list_filter = ("deleted", "cancelled")
    search_fields = ("name",)
    date_hierarchy = "start"


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnly):
    list_display = ("number", "name", "meeting", "paper", "public", "deleted")
    list_select_related = ("meeting", "paper")
    search_fields = ("name",)


@admin.register(Paper)
class PaperAdmin(ReadOnly):
    list_display = ("reference", "name", "paper_type", "date", "deleted")
    list_filter = ("deleted", "paper_type")
    search_fields = ("=reference", "name")
    date_hierarchy = "date"

"""Impact snapshots in the admin, read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from impact.models import ImpactSnapshot


@admin.register(ImpactSnapshot)
class ImpactSnapshotAdmin(admin.ModelAdmin):
    """Read-only: snapshots are computed (``take_impact_snapshot``), never typed in."""

    list_display = (
        "date",
        "city",
        "district",
        "active_people",
        "impulses_total",
        "implemented_total",
        "supports_total",
    )
    list_filter = ("city", "district__level")
    date_hierarchy = "date"
    list_select_related = ("city", "district")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

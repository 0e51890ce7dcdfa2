from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from public_marketplace.models import City, CouncilBody, District


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["name", "state", "population"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "level", "city", "population"]
    list_filter = ["city", "level"]
    search_fields = ["name"]


@admin.register(CouncilBody)
class CouncilBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug", "city", "district", "residents_only", "min_cosigners"]
    list_filter = ["city", "kind", "residents_only"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ("name",)}  # noqa: RUF012
    filter_horizontal = ["area"]
    fieldsets = (  # noqa: RUF012
        (None, {"fields": ["city", "kind", "name", "slug", "district", "area", "oparl_id"]}),
        (
            _("Einreichung"),
            {
                "fields": [
                    "submission_email",
                    "residents_only",
                    "min_cosigners",
                    "submission_deadline_days",
                    "submission_notes",
                ]
            },
        ),
        (_("Unterstützungsziel"), {"fields": ["support_goal", "support_period_days"]}),
    )

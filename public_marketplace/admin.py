from django.contrib import admin

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
    list_display = ["name", "kind", "city", "district"]
    list_filter = ["city", "kind"]

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from public_marketplace.models import City
from tenants.models import Organisation, OrganisationStatus


def cities_with_district_counts() -> QuerySet[City]:
    return City.objects.annotate(
        borough_count=Count("districts", filter=Q(districts__level="borough")),
        locality_count=Count("districts", filter=Q(districts__level="locality")),
    ).order_by("name")


def public_organisations() -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(status=OrganisationStatus.READY)
        .exclude(schema_name="public")
        .select_related("city")
        .prefetch_related("domains")
        .order_by("name")
    )

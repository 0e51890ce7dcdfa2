from django.apps import AppConfig


def organisations_per_plan() -> list[tuple[str, str, int]]:
    """Organisations by plan and subscription status, for /metrics (no names)."""
    from django.db.models import Count
    from django_tenants.utils import get_public_schema_name

    from config.metrics import cached_rows
    from tenants.models import Organisation

    def compute() -> list[tuple[str, str, int]]:
        return [
            (
                r["billing_account__plan__slug"] or "none",
                r["billing_account__status"] or "none",
                r["n"],
            )
            for r in Organisation.objects.exclude(schema_name=get_public_schema_name())
            .values("billing_account__plan__slug", "billing_account__status")
            .annotate(n=Count("id"))
        ]

    return cached_rows("metrics:organisations-per-plan", compute)


class BillingConfig(AppConfig):
    name = "billing"

    def ready(self) -> None:
        from config.metrics import register_gauge

        register_gauge(
            "wecreate_organisations",
            "Organisations by plan and subscription status.",
            ("plan", "status"),
            organisations_per_plan,
        )

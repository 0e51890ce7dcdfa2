from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "Organisationen"

    def ready(self) -> None:
        from tenants import cache_invalidation  # noqa: F401  (connects the invalidation hooks)

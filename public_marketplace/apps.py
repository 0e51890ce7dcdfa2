from django.apps import AppConfig


class PublicMarketplaceConfig(AppConfig):
    name = "public_marketplace"

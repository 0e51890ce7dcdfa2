from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PublicMarketplaceConfig(AppConfig):
    name = "public_marketplace"

    def ready(self) -> None:
        from public_marketplace.models import City, District, Topic
        from public_marketplace.selectors import forget_filter_choices
        from public_marketplace.services.comments import PLACE
        from threads.places import register

        register(PLACE)

        # The list's filter form reads these from the cache (selectors.filter_choices): admin,
        # services and seeding all save through the ORM, so the signals catch every change.
        for model in (City, District, Topic):
            for signal in (post_save, post_delete):
                signal.connect(
                    forget_filter_choices, sender=model, dispatch_uid=f"filter-choices-{model}"
                )

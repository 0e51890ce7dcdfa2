from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class PublicMarketplaceConfig(AppConfig):
    name = "public_marketplace"

    def ready(self) -> None:
        from public_marketplace.models import City, District, Impulse, Topic
        from public_marketplace.selectors import forget_filter_choices
        from public_marketplace.services.comments import PLACE
        from threads.places import register

        register(PLACE)

        # The list's filter form reads these from the cache (selectors.filter_choices): admin,
        # services and seeding all save through the ORM, so the signals catch every change.
        # Impulses count because the form offers only topics that visible impulses carry; their
        # counters change through update(), which sends no signal and changes no topic.
        for model in (City, District, Topic, Impulse):
            for signal in (post_save, post_delete):
                signal.connect(
                    forget_filter_choices, sender=model, dispatch_uid=f"filter-choices-{model}"
                )
        m2m_changed.connect(
            forget_filter_choices,
            sender=Impulse.topics.through,
            dispatch_uid="filter-choices-impulse-topics",
        )

from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = "Diskussionen und Beschlüsse"

    def ready(self) -> None:
        from decisions.services import PLACE
        from threads.places import register

        register(PLACE)

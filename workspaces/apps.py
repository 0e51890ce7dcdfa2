from django.apps import AppConfig


class WorkspacesConfig(AppConfig):
    name = "workspaces"

    def ready(self) -> None:
        from threads.places import register
        from workspaces.services import PLACE

        register(PLACE)

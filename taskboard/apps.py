from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaskboardConfig(AppConfig):
    name = "taskboard"
    verbose_name = "Aufgaben"

    def ready(self) -> None:
        from workspaces.tools import INTRANET, NETWORK, Api, Tool, register

        register(
            Tool(
                name="tasks",
                label=_("Aufgaben"),
                order=25,
                routes="taskboard.urls",
                network_routes="taskboard.urls_network",
                tab="taskboard:board",
                scopes=frozenset({INTRANET, NETWORK}),
                api=(Api("tasks", "taskboard.api.TaskViewSet", "task"),),
                privacy_app="taskboard",
            )
        )

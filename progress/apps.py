from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = "Fortschritt"

    def ready(self) -> None:
        from workspaces.tools import INTRANET, NETWORK, Tool, register

        register(
            Tool(
                name="progress",
                label=_("Fortschritt"),
                order=27,
                routes="progress.urls",
                network_routes="progress.urls_network",
                tab="progress:log",
                scopes=frozenset({INTRANET, NETWORK}),
                privacy_app="progress",
            )
        )

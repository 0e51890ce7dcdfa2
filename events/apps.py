from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Termine"

    def ready(self) -> None:
        from workspaces.tools import INTRANET, NETWORK, Api, Tool, register

        register(
            Tool(
                name="calendar",
                label=_("Termine"),
                order=20,
                routes="events.urls",
                network_routes="events.urls_network",
                tab="events:group_calendar",
                scopes=frozenset({INTRANET, NETWORK}),
                api=(Api("events", "events.api.EventViewSet", "event"),),
                privacy_app="events",
            )
        )

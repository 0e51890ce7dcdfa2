from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = "Diskussionen und Beschlüsse"

    def ready(self) -> None:
        from decisions.services import PLACE
        from threads.places import register
        from workspaces.tools import INTRANET, NETWORK, Api, Tool
        from workspaces.tools import register as register_tool

        register(PLACE)
        register_tool(
            Tool(
                name="discussions",
                label=_("Diskussionen"),
                order=10,
                routes="decisions.urls",
                network_routes="decisions.urls_network",
                tab="decisions:group_discussions",
                scopes=frozenset({INTRANET, NETWORK}),
                api=(
                    Api("discussions", "decisions.api.DiscussionViewSet", "discussion"),
                    Api("proposals", "decisions.api.ProposalViewSet", "proposal"),
                ),
                privacy_app="decisions",
            )
        )

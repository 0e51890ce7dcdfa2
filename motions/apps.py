from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MotionsConfig(AppConfig):
    name = "motions"
    verbose_name = "Anträge"

    def ready(self) -> None:
        from motions import oparl_link, places
        from oparl.signals import papers_changed
        from workspaces.tools import NETWORK, Tool, register

        places.register_paragraph_threads()
        papers_changed.connect(oparl_link.on_papers_changed, dispatch_uid="motions.oparl_link")
        # Drafted in citizen boxes on the network; the rows live in the public schema alone,
        # so the data-rights orchestrator runs this app there only (PUBLIC_AFTER_TOOLS).
        register(
            Tool(
                name="motions",
                label=_("Anträge"),
                order=35,
                routes="motions.urls_box",
                tab="motions:box",
                scopes=frozenset({NETWORK}),
            )
        )

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _members_and_staff(actor: Any, workspace: Any) -> bool:
    from partners.services import can_see_requests

    return can_see_requests(actor, workspace)


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partner vor Ort"

    def ready(self) -> None:
        from workspaces.tools import NETWORK, Api, Tool, register

        # Only on the network: partners help citizen boxes; an intranet has no such tab. The
        # rows live in the public schema alone, so the data-rights orchestrator runs this app
        # there only (accounts/privacy.py PUBLIC_AFTER_TOOLS), not through ``privacy_app``.
        register(
            Tool(
                name="partners",
                label=_("Partner"),
                order=40,
                routes="partners.urls_box",
                tab="partner_requests:box",
                scopes=frozenset({NETWORK}),
                can_open=_members_and_staff,
                api=(
                    Api(
                        "partner-requests",
                        "partners.api.PartnerRequestViewSet",
                        "partner-request",
                    ),
                ),
            )
        )

"""Partners and boxes for the partner tests."""

from __future__ import annotations

from typing import Any

from partners import services
from partners.models import Kind, Partner, PartnerRequest
from public_marketplace.models import District
from tests.cast import Cast
from workspaces import selectors as workspace_selectors
from workspaces.models import Workspace
from workspaces.scopes import network_actor

PARTNER_EMAIL = "geheim-partner@example.org"


def make_partner(
    name: str = "Werkstatt Lindenau",
    *,
    kinds: list[str] | None = None,
    districts: tuple[str, ...] = ("lindenau",),
    **kwargs: Any,
) -> Partner:
    slug = kwargs.pop("slug", None) or name.lower().replace(" ", "-")
    partner = Partner.objects.create(
        name=name,
        slug=slug,
        description=kwargs.pop("description", "Wir verleihen Werkzeug und helfen mit Rat."),
        kinds=kinds or [Kind.TOOLS],
        address=kwargs.pop("address", "Hofweg 1, 04177 Leipzig"),
        email=kwargs.pop("email", PARTNER_EMAIL),
        **kwargs,
    )
    partner.districts.set(District.objects.filter(slug__in=districts))
    return partner


def seen_by(user: Any, workspace: Workspace) -> Workspace:
    """The workspace as ``user`` sees it on the network (with their role)."""
    found = workspace_selectors.workspace_for(network_actor(user), workspace.slug)
    assert found is not None
    return found


def erins_box(cast: Cast) -> Workspace:
    """erin's box (her impulse's), gina helps in it."""
    from tests.taskboard.factories import box_on_network

    return seen_by(cast.erin, box_on_network(cast))


def ask(cast: Cast, box: Workspace, partner: Partner, **kwargs: Any) -> PartnerRequest:
    return services.ask_partner(
        actor=network_actor(cast.erin),
        workspace=seen_by(cast.erin, box),
        partner=partner,
        what=kwargs.get("what", "Zwei Schubkarren und eine Leiter"),
        when=kwargs.get("when", "Samstag, vormittags"),
    )

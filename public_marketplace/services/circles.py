"""A friend circle publishes an impulse: the circle (a secret box without an impulse,
workspaces.services.create_circle) becomes the new impulse's box.

Decision (docs/citizen-guide): from then on it is a box like any other impulse's box. The
impulse page names it and links to it ("Zur Box"), so it turns *closed*: its name, description
and member count are visible, people may ask to join, and its posts stay for its members, as
for a box opened from an impulse (services/boxes.py). The owner is told so on the button.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from public_marketplace.models import Impulse
from public_marketplace.services.impulses import ImpulseError
from workspaces.models import Visibility, Workspace, WorkspaceMember, WorkspaceRole


def may_publish_from(user: Any, workspace: Workspace) -> bool:
    """The owner of a friend circle that has no impulse yet."""
    if workspace.visibility != Visibility.SECRET or not getattr(user, "is_authenticated", False):
        return False
    if Impulse.objects.filter(box=workspace).exists():
        return False
    return WorkspaceMember.objects.filter(
        workspace=workspace, user_id=user.pk, role=WorkspaceRole.OWNER
    ).exists()


def circle_for(user: Any, slug: str) -> Workspace | None:
    """The friend circle ``slug`` if ``user`` may publish an impulse out of it."""
    workspace = Workspace.objects.filter(slug=slug).first()
    if workspace is None or not may_publish_from(user, workspace):
        return None
    return workspace


@transaction.atomic
def attach_circle(*, impulse: Impulse, circle: Workspace, user: Any) -> Workspace:
    """Make ``circle`` the box of ``impulse`` (just created by ``user`` out of it)."""
    circle = Workspace.objects.select_for_update().get(pk=circle.pk)
    impulse = Impulse.objects.select_for_update().get(pk=impulse.pk)
    if impulse.author_id != user.pk or impulse.box_id is not None:
        raise ImpulseError(_("Dieser Impuls hat schon eine Box."), code="conflict")
    if not may_publish_from(user, circle):
        raise ImpulseError(_("Aus diesem Freundeskreis entsteht kein Impuls."), code="forbidden")
    circle.visibility = Visibility.CLOSED
    circle.save(update_fields=["visibility", "updated_at"])
    impulse.box = circle
    impulse.save(update_fields=["box", "updated_at"])
    return circle

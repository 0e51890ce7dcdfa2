"""The intranet's start page: what is new for me, what comes next, what waits for my vote, what
waits for an admin, and the first steps of a fresh organisation.

Every list is bounded and each part costs one or two queries, however big the organisation is;
everything is read through the same permission-aware selectors as the pages it links to."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.models import Invitation, Organisation, Role
from workspaces.permissions import Actor

NEWS_LIMIT = 5
EVENT_LIMIT = 3
DECISION_LIMIT = 5
INVITATION_LIMIT = 5


@dataclass
class Step:
    label: str
    url: str
    done: bool


@dataclass
class OpenDecision:
    proposal: Any
    voted: bool


@dataclass
class Dashboard:
    news: list[Any] = field(default_factory=list)
    events: list[Any] = field(default_factory=list)
    decisions: list[OpenDecision] = field(default_factory=list)
    invitations: list[Invitation] = field(default_factory=list)
    invitation_count: int = 0
    join_request_count: int = 0
    steps: list[Step] = field(default_factory=list)
    is_admin: bool = False

    @property
    def show_steps(self) -> bool:
        return bool(self.steps) and not all(s.done for s in self.steps)

    @property
    def steps_done(self) -> int:
        return sum(1 for s in self.steps if s.done)


def _news(actor: Actor) -> list[Any]:
    from workspaces.models import Post
    from workspaces.selectors import readable_area

    return list(
        Post.objects.filter(readable_area(actor))
        .select_related("author", "workspace")
        .order_by("-created_at", "-id")[:NEWS_LIMIT]
    )


def _events(actor: Actor) -> list[Any]:
    from events.selectors import upcoming_events

    return upcoming_events(actor, limit=EVENT_LIMIT).items


def _decisions(actor: Actor) -> list[OpenDecision]:
    """Open proposals this person may vote in (scope-wide ones, or in their groups)."""
    from decisions.models import Proposal
    from decisions.selectors import my_votes
    from decisions.services import decisions_enabled
    from workspaces.models import WorkspaceMember

    if not actor.can_write or not decisions_enabled():
        return []
    mine = WorkspaceMember.objects.filter(user_id=actor.user_id).values("workspace_id")
    proposals = list(
        Proposal.objects.filter(closed_at__isnull=True, closes_at__gt=timezone.now())
        .filter(Q(discussion__workspace__isnull=True) | Q(discussion__workspace_id__in=mine))
        .select_related("discussion")
        .order_by("closes_at", "id")[:DECISION_LIMIT]
    )
    votes = my_votes(actor, proposals)
    return [OpenDecision(proposal=p, voted=p.pk in votes) for p in proposals]


def _join_request_count(actor: Actor) -> int:
    from workspaces.models import MANAGING_ROLES, JoinRequest, JoinRequestStatus, WorkspaceMember

    pending = JoinRequest.objects.filter(status=JoinRequestStatus.PENDING)
    if not actor.is_moderator:
        managed = WorkspaceMember.objects.filter(
            user_id=actor.user_id, role__in=MANAGING_ROLES
        ).values("workspace_id")
        pending = pending.filter(workspace_id__in=managed)
    return pending.count()


def _steps(organisation: Organisation, invitation_count: int) -> list[Step]:
    """A fresh organisation's checklist; each step is ticked by what already exists."""
    from billing.entitlements import entitlements
    from billing.models import FREE_PLAN_SLUG
    from intranet.models import Membership
    from workspaces.models import Workspace

    others = Membership.objects.filter(is_active=True).count() > 1
    rights = entitlements(organisation)
    return [
        Step(_("Mitglieder einladen"), reverse("intranet:members"), others or invitation_count > 0),
        Step(
            _("Eine Gruppe anlegen"), reverse("workspaces:group_create"), Workspace.objects.exists()
        ),
        Step(_("Logo hochladen"), reverse("intranet:appearance"), bool(organisation.logo)),
        Step(
            _("Einen Tarif wählen"),
            reverse("billing:overview"),
            rights.plan_slug != FREE_PLAN_SLUG,
        ),
    ]


def dashboard(actor: Actor, membership: Any, organisation: Organisation) -> Dashboard:
    board = Dashboard(
        news=_news(actor),
        events=_events(actor),
        decisions=_decisions(actor),
        is_admin=membership.has_role(Role.ADMIN),
    )
    if board.is_admin:
        open_invitations = Invitation.objects.open().filter(organisation=organisation)
        board.invitations = list(open_invitations.order_by("-created_at", "-id")[:INVITATION_LIMIT])
        board.invitation_count = (
            len(board.invitations)
            if len(board.invitations) < INVITATION_LIMIT
            else open_invitations.count()
        )
        board.steps = _steps(organisation, board.invitation_count)
    if actor.can_write:
        board.join_request_count = _join_request_count(actor)
    return board

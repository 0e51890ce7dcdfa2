"""Reads for discussion pages and the API. Every read takes the ``Actor`` and returns only what
they may see: a discussion is readable when its workspace is (or it has none). Lists page by
keyset on the id (no OFFSET, no COUNT), so a page costs the same however many there are.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from config import keyset
from decisions.models import (
    CHOICES_OF,
    Choice,
    Discussion,
    Process,
    Proposal,
    ProposalOption,
    Vote,
)
from decisions.tally import Ballot, Tally, count
from threads.models import Comment
from threads.selectors import ThreadPage, comment_thread, thread_page
from workspaces.models import Visibility, Workspace, WorkspaceMember
from workspaces.permissions import Actor, Scope
from workspaces.selectors import role_subquery

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
COMMENT_LIMIT = 200
VOTER_LIST_LIMIT = 100


def voter_key(proposal: Proposal, user_id: int) -> str:
    """Identifies one person's vote on one proposal without naming them (anonymous ballots
    store only this): an HMAC under the server's secret, so the database alone cannot tell."""
    message = f"decisions.vote:{proposal.public_id}:{user_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _my_workspace_ids(actor: Actor) -> QuerySet[Any]:
    return WorkspaceMember.objects.filter(user_id=actor.user_id).values("workspace_id")


def readable_discussions(actor: Actor) -> QuerySet[Discussion]:
    qs = Discussion.objects.select_related("author", "workspace").annotate(
        my_role=role_subquery(actor, "workspace_id"),
        author_is_current=actor.scope.includes("author_id"),
    )
    if actor.is_moderator:
        return qs
    return qs.filter(
        Q(workspace__isnull=True)
        | Q(workspace__visibility=Visibility.OPEN)
        | Q(workspace_id__in=_my_workspace_ids(actor))
    )


def _with_roles(discussions: list[Discussion]) -> list[Discussion]:
    # The workspace rules read the role from the workspace object (``my_role``).
    for d in discussions:
        if d.workspace is not None:
            d.workspace.my_role = d.my_role  # type: ignore[attr-defined]
    return discussions


@dataclass
class DiscussionPage:
    items: list[Discussion]
    next_cursor: str | None


def discussion_page(
    actor: Actor, *, workspace: Workspace | None = None, cursor: str = "", limit: int = PAGE_SIZE
) -> DiscussionPage:
    """Newest first. Without a workspace: every discussion the actor may read (the scope's own
    and those of readable workspaces); with one: that workspace's."""
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    qs = readable_discussions(actor)
    if workspace is not None:
        qs = qs.filter(workspace=workspace)
    before = keyset.decode(cursor, int)
    if before is not None:
        qs = qs.filter(id__lt=before[0])
    items: list[Discussion] = list(
        qs.prefetch_related(
            Prefetch(
                "proposals",
                queryset=Proposal.objects.filter(closed_at__isnull=True).only(
                    "id", "discussion_id", "closes_at", "title"
                ),
                to_attr="open_proposals",
            )
        ).order_by("-id")[: limit + 1]
    )
    next_cursor = None
    if len(items) > limit:
        items = items[:limit]
        next_cursor = keyset.encode(items[-1].pk)
    return DiscussionPage(items=_with_roles(items), next_cursor=next_cursor)


def discussion_for(actor: Actor, public_id: Any) -> Discussion | None:
    found = readable_discussions(actor).filter(public_id=public_id).first()
    return _with_roles([found])[0] if found is not None else None


def comment_page_of(actor: Actor, discussion: Discussion, cursor: str | None = None) -> ThreadPage:
    """One page of the discussion's thread for its page."""
    return thread_page(
        "discussion",
        discussion.pk,
        cursor=cursor,
        author_is_current=actor.scope.includes("author_id"),
    )


def comments_of(actor: Actor, discussion: Discussion, limit: int = COMMENT_LIMIT) -> list[Comment]:
    """The discussion's comments with their replies, oldest first, from its thread."""
    return comment_thread(
        "discussion",
        discussion.pk,
        limit=limit,
        author_is_current=actor.scope.includes("author_id"),
    )


def _proposals() -> QuerySet[Proposal]:
    return Proposal.objects.select_related("author", "outcome").prefetch_related(
        Prefetch("options", queryset=ProposalOption.objects.order_by("position"))
    )


def proposals_of(discussion: Discussion) -> list[Proposal]:
    """The discussion's proposals, the open one first, then the closed ones newest first."""
    proposals = list(_proposals().filter(discussion=discussion).order_by("-id"))
    for p in proposals:
        p.discussion = discussion  # already fetched, with the actor's role in its workspace
    return sorted(proposals, key=lambda p: p.closed_at is not None)


def proposal_for(actor: Actor, public_id: Any) -> Proposal | None:
    proposal = _proposals().filter(public_id=public_id).first()
    if proposal is None:
        return None
    found = readable_discussions(actor).filter(pk=proposal.discussion_id).first()
    if found is None:
        return None
    proposal.discussion = _with_roles([found])[0]
    return proposal


def my_votes(actor: Actor, proposals: list[Proposal]) -> dict[int, Vote]:
    """The actor's own vote on each proposal (found by their voter key, anonymous or not)."""
    keys = {voter_key(p, actor.user_id): p.pk for p in proposals}
    if not keys:
        return {}
    return {
        v.proposal_id: v for v in Vote.objects.filter(proposal__in=proposals, voter_key__in=keys)
    }


def eligible_voters(scope: Scope, workspace: Workspace | None) -> QuerySet[Any]:
    """User ids of the people who may vote (see decisions.permissions.can_vote): the scope's
    people who may write (on an intranet: active members but not guests), in a workspace only
    its members among them."""
    people = scope.people()
    if scope.kind == "intranet":
        from tenants.models import Role

        people = people.exclude(role=Role.GUEST)
    writers = people.annotate(uid=F(scope.person_field)).values("uid")
    if workspace is None:
        return writers
    return (
        WorkspaceMember.objects.filter(workspace=workspace, user_id__in=writers)
        .annotate(uid=F("user_id"))
        .values("uid")
    )


def options_of(proposal: Proposal) -> list[tuple[int, str]]:
    """(position, label) of a score or ranked proposal's options; ballots name positions."""
    return [(o.position, o.label) for o in proposal.options.all()]


def tally_of(proposal: Proposal) -> Tally:
    """The current count of an open proposal (one query over its ballots)."""
    ballots = [
        Ballot(choice=c, reason=r, ballot=b)
        for c, r, b in Vote.objects.filter(proposal=proposal).values_list(
            "choice", "reason", "ballot"
        )
    ]
    return count(proposal.process, options_of(proposal), ballots)


def eligible_voter_ids(scope: Scope, workspace: Workspace | None) -> set[int]:
    return {int(pk) for pk in eligible_voters(scope, workspace).values_list("uid", flat=True)}


@dataclass
class ProposalView:
    """A proposal as one actor sees it on the thread page or in the API."""

    proposal: Proposal
    my_vote: Vote | None
    tally: Tally | None  # live count (open ballots only); None when hidden
    voters: list[Vote]  # who voted what (open ballots only)
    can_vote: bool
    can_close: bool
    choices: list[tuple[str, str]] = field(default_factory=list)  # simple vote, consent
    option_rows: list[dict[str, Any]] = field(default_factory=list)  # with the actor's ballot
    my_summary: str = ""
    voter_rows: list[tuple[str, str, str]] = field(default_factory=list)  # name, vote, reason

    @property
    def results_hidden(self) -> bool:
        """Anonymous proposals show no count until they close, so that nobody learns a vote
        from how the count moves."""
        return not self.proposal.is_closed and self.proposal.anonymous


def _voters_by_proposal(proposals: list[Proposal], limit: int) -> dict[int, list[Vote]]:
    from django.db.models import Window
    from django.db.models.functions import RowNumber

    ids = [p.pk for p in proposals if not p.anonymous]
    found: dict[int, list[Vote]] = {pk: [] for pk in ids}
    if not ids:
        return found
    rows = (
        Vote.objects.filter(proposal_id__in=ids, voter__isnull=False)
        .select_related("voter")
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[F("proposal_id")], order_by=[F("updated_at").desc()]
            )
        )
        .filter(rank__lte=limit)
        .order_by("proposal_id", "rank")
    )
    for vote in rows:
        found[vote.proposal_id].append(vote)
    return found


def proposal_views(
    actor: Actor, proposals: list[Proposal], *, enabled: bool, voter_limit: int = VOTER_LIST_LIMIT
) -> list[ProposalView]:
    """A fixed number of queries however many proposals, votes and voters there are: the
    actor's votes (one), the open ballots' voters (one), the open proposal's live count (one;
    a discussion has at most one open proposal)."""
    from decisions import permissions as perms

    now = timezone.now()
    mine = my_votes(actor, proposals)
    voters = _voters_by_proposal(proposals, voter_limit)
    views = []
    for p in proposals:
        live = tally_of(p) if not p.is_closed and not p.anonymous else None
        own = mine.get(p.pk)
        options = options_of(p)
        views.append(
            ProposalView(
                proposal=p,
                my_vote=own,
                tally=live,
                voters=voters.get(p.pk, []),
                choices=[(c.value, str(c.label)) for c in CHOICES_OF.get(Process(p.process), [])],
                option_rows=_option_rows(options, own),
                my_summary=ballot_summary(p, options, own) if own is not None else "",
                voter_rows=[
                    (v.voter.name if v.voter else "", ballot_summary(p, options, v), v.reason)
                    for v in voters.get(p.pk, [])
                ],
                can_vote=enabled
                and not p.is_closed
                and p.closes_at > now
                and perms.can_vote(actor, p.discussion),
                can_close=not p.is_closed and perms.can_close_proposal(actor, p),
            )
        )
    return views


def ballot_summary(proposal: Proposal, options: list[tuple[int, str]], vote: Vote) -> str:
    """A vote in words: "Ja", "A: 7 · B: 3", "B › A › C"."""
    if proposal.process in (Process.SIMPLE, Process.CONSENT):
        return str(Choice(vote.choice).label) if vote.choice in Choice.values else ""
    labels = dict(options)
    if proposal.process == Process.SCORE:
        scores = vote.ballot if isinstance(vote.ballot, dict) else {}
        return " · ".join(f"{labels[p]}: {scores.get(str(p), 0)}" for p in labels)
    ranking = vote.ballot if isinstance(vote.ballot, list) else []
    return " › ".join(labels.get(p, "?") for p in ranking)


def _option_rows(options: list[tuple[int, str]], vote: Vote | None) -> list[dict[str, Any]]:
    ballot = vote.ballot if vote is not None else None
    scores = ballot if isinstance(ballot, dict) else {}
    ranking = ballot if isinstance(ballot, list) else []
    return [
        {
            "position": p,
            "label": label,
            "my_score": scores.get(str(p), ""),
            "my_rank": ranking.index(p) + 1 if p in ranking else "",
        }
        for p, label in options
    ]

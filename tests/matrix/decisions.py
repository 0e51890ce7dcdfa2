"""Route matrix entries for discussions and decisions on an organisation's host (web and API).

On alpha's host gina (guest), bob (member) and alice (owner) belong; erin (citizen), carol
(beta's owner) and staff do not: the web answers them 404, the API 403. The objects: an open
group that bob founded, his discussion in it and a running simple-vote proposal. Alpha has no
paid plan here, so "start a proposal" shows members the plan notice (200) instead of the form.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.matrix.workspaces import API_READ, API_WRITE_ONLY, POST_ONLY, READ, api, web

D = "/diskussionen/{dc_discussion}"
V = "/abstimmungen/{dc_proposal}"
AD = "/api/v1/discussions/{dc_discussion}"
AV = "/api/v1/proposals/{dc_proposal}"

TENANT = {
    "decisions:discussions": ("/diskussionen/", READ),
    "decisions:discussion_create": ("/diskussionen/neu/", web(403, 200, 200)),
    "decisions:discussion": (f"{D}/", READ),
    "decisions:discussion_comment": (f"{D}/kommentare/", POST_ONLY),
    "decisions:proposal_create": (f"{D}/abstimmung/", web(403, 200, 200)),
    "decisions:proposal_vote": (f"{V}/stimme/", POST_ONLY),
    "decisions:proposal_close": (f"{V}/beenden/", POST_ONLY),
    "decisions:group_discussions": ("/gruppen/{dc_group}/diskussionen/", READ),
    "discussion-list": ("/api/v1/discussions/", API_READ),
    "discussion-detail": (f"{AD}/", API_READ),
    "discussion-comments": (f"{AD}/comments/", API_READ),
    "proposal-list": ("/api/v1/proposals/", api(405, 405, 405)),
    "proposal-detail": (f"{AV}/", API_READ),
    "proposal-vote": (f"{AV}/vote/", API_WRITE_ONLY),
    "proposal-close": (f"{AV}/close/", API_WRITE_ONLY),
}


def objects(cast: Any) -> dict[str, str]:
    from django.utils import timezone
    from django_tenants.utils import tenant_context

    from decisions import services
    from decisions.models import Process, Proposal
    from tests.workspaces.factories import actor
    from workspaces import services as ws_services

    with tenant_context(cast.alpha):
        bob = actor(cast.bob)
        group = ws_services.create_workspace(actor=bob, name="Beschlussrunde")
        discussion = services.start_discussion(
            actor=bob, title="Sommerfest", context="Wann feiern wir?", workspace=group
        )
        # Made directly: alpha has no plan with decisions in the matrix run.
        proposal = Proposal.objects.create(
            discussion=discussion,
            author=cast.bob,
            title="Am 1. Juli",
            process=Process.SIMPLE,
            closes_at=timezone.now() + timedelta(days=3),
        )
    return {
        "dc_group": group.slug,
        "dc_discussion": str(discussion.public_id),
        "dc_proposal": str(proposal.public_id),
    }


# Writes with an empty body: who gets an answer; everyone else is refused
# (tests/test_route_matrix_writes.py).
TENANT_WRITES = {
    "decisions:discussion_create": {"post": "bob alice"},
    "decisions:discussion_comment": {"post": "bob alice"},
    "decisions:proposal_close": {"post": "bob alice"},
    "discussion-list": {"post": "bob alice"},
    "discussion-comments": {"post": "bob alice"},
    "proposal-list": {"post": "bob alice"},
    "proposal-close": {"post": "bob alice"},
}

"""The demo content `make run` puts into each demo organisation's intranet."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from decisions.models import Discussion
from events.models import Event
from intranet.demo import seed_intranet
from tests.cast import Cast
from workspaces.models import Post, Workspace


def test_an_empty_intranet_gets_groups_posts_an_event_and_a_discussion_once(cast: Cast) -> None:
    assert seed_intranet(cast.alpha, cast.alice)
    with tenant_context(cast.alpha):
        counts = (
            Workspace.objects.count(),
            Post.objects.count(),
            Event.objects.count(),
            Discussion.objects.count(),
        )
    assert counts == (2, 2, 1, 1)
    assert not seed_intranet(cast.alpha, cast.alice)  # never a second time
    with tenant_context(cast.alpha):
        assert Post.objects.count() == 2

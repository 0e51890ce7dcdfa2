"""The intranet's start page: news from my groups, the next events, open votes for me, what
waits for an admin, and a fresh organisation's first steps; bounded queries, by role."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django_tenants.utils import tenant_context

from decisions import services as decisions
from events.services import create_event
from tenants.models import Invitation
from tenants.services import invite_member
from tests.cast import Cast
from tests.decisions.conftest import give_plan
from tests.workspaces.factories import actor
from workspaces import services as ws


def _fill(cast: Cast, rounds: int = 1) -> None:
    """Alice posts in the whole feed and in a closed group bob is not in, plans an event and
    starts a vote; the more rounds, the more of each."""
    with tenant_context(cast.alpha):
        alice = actor(cast.alice)
        for i in range(rounds):
            ws.create_post(actor=alice, body=f"Neuigkeit für alle {i}")
            secret = ws.create_workspace(actor=alice, name=f"Vorstand {i}", visibility="closed")
            ws.create_post(actor=alice, workspace=secret, body=f"Nur der Vorstand {i}")
            start = timezone.now() + timedelta(days=2 + i)
            create_event(
                actor=alice,
                title=f"Treffen {i}",
                starts_at=start,
                ends_at=start + timedelta(hours=1),
            )
            thread = decisions.start_discussion(actor=alice, title=f"Frage {i}")
            decisions.start_proposal(
                actor=alice,
                discussion=thread,
                title=f"Abstimmung {i}",
                process="simple",
                closes_at=timezone.now() + timedelta(days=3),
            )


def test_a_member_sees_news_events_and_open_votes(cast: Cast, client_for: Any) -> None:
    give_plan(cast, features=["decisions"])
    _fill(cast)
    html = client_for(cast.alpha, cast.bob).get("/").content.decode()
    assert "Neuigkeit für alle 0" in html
    assert "Nur der Vorstand" not in html  # a closed group bob is not in
    assert "Treffen 0" in html
    assert "Abstimmung 0" in html and "deine Stimme fehlt" in html
    assert 'data-testid="first-steps"' not in html  # admins only
    assert 'data-testid="waiting"' not in html


def test_a_guest_reads_news_and_events_but_gets_no_votes(cast: Cast, client_for: Any) -> None:
    give_plan(cast, features=["decisions"])
    _fill(cast)
    html = client_for(cast.alpha, cast.gina).get("/").content.decode()
    assert "Neuigkeit für alle 0" in html and "Treffen 0" in html
    assert "Abstimmung 0" not in html
    assert 'data-testid="decisions"' not in html


def test_an_admin_sees_open_invitations_and_the_first_steps(cast: Cast, client_for: Any) -> None:
    invite_member(
        organisation=cast.alpha, email="neu@example.org", role="member", invited_by=cast.alice
    )
    html = client_for(cast.alpha, cast.alice).get("/").content.decode()
    assert "1 offene Einladung" in html and "neu@example.org" in html
    assert 'data-testid="first-steps"' in html
    # Alpha has members already; no group, logo or plan yet.
    assert "Mitglieder einladen" in html and "Eine Gruppe anlegen" in html
    assert "/gruppen/neu/" in html and "/einstellungen/erscheinungsbild/" in html
    # Bob (a member) never sees the invitations.
    assert "neu@example.org" not in client_for(cast.alpha, cast.bob).get("/").content.decode()


def test_the_first_steps_tick_off_and_disappear_when_all_are_done(cast: Cast) -> None:
    from intranet.dashboard import dashboard
    from intranet.models import Membership

    give_plan(cast, features=["decisions"])
    with tenant_context(cast.alpha):
        alice = actor(cast.alice)
        membership = Membership.objects.get(user=cast.alice)
        board = dashboard(alice, membership, cast.alpha)
        assert [s.done for s in board.steps] == [True, False, False, True]
        ws.create_workspace(actor=alice, name="AG Umwelt")
        cast.alpha.logo = "logos/alpha.png"
        board = dashboard(alice, membership, cast.alpha)
        assert all(s.done for s in board.steps) and not board.show_steps


def test_the_start_page_reads_a_bounded_number_of_queries(
    cast: Cast, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    give_plan(cast, features=["decisions"])
    for n in range(7):
        invite_member(
            organisation=cast.alpha, email=f"p{n}@example.org", role="member", invited_by=cast.alice
        )
    _fill(cast, rounds=1)
    client = client_for(cast.alpha, cast.alice)
    client.get("/")
    with django_assert_max_num_queries(40) as few:
        client.get("/")
    _fill(cast, rounds=6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/")
    html = page.content.decode()
    assert html.count("Neuigkeit für alle") + html.count("Nur der Vorstand") == 5
    assert html.count("Treffen ") == 3
    assert "7 offene Einladungen" in html
    assert Invitation.objects.open().filter(organisation=cast.alpha).count() == 7

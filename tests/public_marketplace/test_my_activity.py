"""'Meine Aktivität' (/meine-aktivitaet/): one person's own impulses, supports, comments, offers
and boxes, bounded, in a fixed number of queries, and seen by nobody else."""

from __future__ import annotations

from typing import Any

from public_marketplace.activity import my_activity
from public_marketplace.services import boxes
from public_marketplace.services.comments import post_comment
from public_marketplace.services.impulses import support_impulse
from tests.cast import Cast
from tests.public_marketplace.factories import make_impulse

URL = "/meine-aktivitaet/"


def _busy_erin(cast: Cast) -> Any:
    """Erin writes impulses (one a draft), gina and erin support, comment and offer help."""
    mine = make_impulse(cast.erin, title="Bänke am Markt")
    make_impulse(cast.erin, title="Entwurf: Radweg", publish=False)
    theirs = make_impulse(cast.gina, title="Garten am Fluss")
    support_impulse(impulse=theirs, user=cast.erin)
    post_comment(impulse=theirs, author=cast.erin, body="Ich bringe Erde mit.")
    offer = boxes.offer_help(impulse=theirs, user=cast.erin, note="Samstags")
    boxes.decide_offer(impulse=theirs, offer=offer, by=cast.gina, accept=True)
    post_comment(impulse=mine, author=cast.gina, body="Gute Idee!")  # not erin's
    return theirs


def test_the_page_gathers_the_persons_own_traces(cast: Cast, client_for: Any) -> None:
    _busy_erin(cast)
    page = client_for(user=cast.erin).get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bänke am Markt" in html and "Entwurf: Radweg" in html  # drafts too
    assert "Entwurf" in html
    assert "Garten am Fluss" in html  # supported, commented, offered
    assert "Ich bringe Erde mit." in html
    assert "Gute Idee!" not in html  # someone else's comment on erin's impulse
    assert "Angenommen" in html  # the offer's status
    assert "/boxen/" in html


def test_only_the_person_themself_sees_it(cast: Cast, client_for: Any) -> None:
    _busy_erin(cast)
    page = client_for(user=cast.gina).get(URL)
    html = page.content.decode()
    assert "Ich bringe Erde mit." not in html
    assert "Entwurf: Radweg" not in html  # erin's draft
    assert "Gute Idee!" in html  # gina's own comment, on erin's impulse
    anonymous = client_for().get(URL)
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]


def test_sections_are_bounded_and_the_queries_do_not_grow(
    cast: Cast, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    theirs = _busy_erin(cast)
    for n in range(4):
        make_impulse(cast.erin, title=f"Noch ein Impuls {n}")
        post_comment(impulse=theirs, author=cast.erin, body=f"Kommentar {n}")
    activity = my_activity(cast.erin, limit=3)
    assert len(activity.impulses.rows) == 3 and activity.impulses.more
    assert len(activity.comments.rows) == 3 and activity.comments.more
    assert not activity.offers.more
    with django_assert_max_num_queries(6):
        my_activity(cast.erin)
    client = client_for(user=cast.erin)
    client.get(URL)  # warm the session and the per-request caches
    with django_assert_max_num_queries(20):
        assert client.get(URL).status_code == 200


def test_an_empty_page_invites_to_take_part(cast: Cast, client_for: Any) -> None:
    page = client_for(user=cast.erin).get(URL)
    assert 'data-testid="activity-empty"' in page.content.decode()

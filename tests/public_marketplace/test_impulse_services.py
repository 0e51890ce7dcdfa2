from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from public_marketplace.models import AuthorKind, Impulse, ImpulseStatus, Support
from public_marketplace.selectors import ImpulseFilters, impulse_page
from public_marketplace.services import impulses as svc
from tests.cast import Cast
from tests.public_marketplace.factories import district, impulse_input, make_impulse


def test_a_citizen_posts_an_idea_in_lindenau(cast: Cast) -> None:
    impulse = make_impulse(cast.erin)
    assert impulse.status == ImpulseStatus.PUBLISHED
    assert impulse.author_kind == AuthorKind.CITIZEN
    assert impulse.body_html == "<p>Wir pflanzen <strong>zehn</strong> Linden.</p>"
    assert [d.slug for d in impulse.districts.all()] == ["lindenau"]
    assert [h.to_status for h in impulse.history.all()] == ["published"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 141}, "title"),
        ({"body": "   "}, "body"),
        ({"body": "x" * 20_001}, "body"),
        ({"kind": "rumour"}, "kind"),
        ({"district_ids": [999_999]}, "districts"),
        ({"topic_ids": [999_999]}, "topics"),
        ({"kind": "event"}, "starts_at"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(cast: Cast, overrides, field) -> None:
    before = Impulse.objects.count()
    with pytest.raises(svc.ImpulseError) as error:
        svc.post_impulse(author=cast.erin, data=impulse_input(**overrides))
    assert error.value.field == field
    assert Impulse.objects.count() == before


def test_an_event_cannot_end_before_it_starts(cast: Cast) -> None:
    start = timezone.now() + timedelta(days=3)
    with pytest.raises(svc.ImpulseError) as error:
        svc.post_impulse(
            author=cast.erin,
            data=impulse_input(kind="event", starts_at=start, ends_at=start - timedelta(hours=1)),
        )
    assert error.value.field == "ends_at"


def test_script_in_markdown_is_removed(cast: Cast) -> None:
    impulse = make_impulse(
        cast.erin, body="Hallo <script>alert(1)</script> [x](javascript:alert(1))"
    )
    assert "<script" not in impulse.body_html and "javascript:" not in impulse.body_html


def test_only_admins_post_on_an_organisations_behalf(cast: Cast) -> None:
    impulse = make_impulse(cast.alice, organisation=cast.alpha)
    assert impulse.author_kind == AuthorKind.ORGANISATION and impulse.organisation == cast.alpha
    with pytest.raises(svc.ImpulseError) as error:
        make_impulse(cast.bob, organisation=cast.alpha)
    assert error.value.code == "forbidden"


def test_supporting_twice_is_refused_and_withdrawing_counts_down(cast: Cast) -> None:
    impulse = make_impulse(cast.erin)
    svc.support_impulse(impulse=impulse, user=cast.bob)
    with pytest.raises(svc.ImpulseError) as error:
        svc.support_impulse(impulse=impulse, user=cast.bob)
    assert error.value.code == "conflict"
    impulse.refresh_from_db()
    assert impulse.support_count == 1 and Support.objects.filter(impulse=impulse).count() == 1
    svc.withdraw_support(impulse=impulse, user=cast.bob)
    impulse.refresh_from_db()
    assert impulse.support_count == 0


def test_someone_else_cannot_edit_or_move_an_impulse(cast: Cast) -> None:
    impulse = make_impulse(cast.erin)
    with pytest.raises(svc.ImpulseError):
        svc.edit_impulse(impulse=impulse, editor=cast.bob, data=impulse_input(title="Gekapert"))
    with pytest.raises(svc.ImpulseError):
        svc.change_status(impulse=impulse, to_status="archived", by=cast.bob)
    impulse.refresh_from_db()
    assert impulse.title != "Gekapert" and impulse.status == "published"


def test_the_lifecycle_is_recorded_and_implementation_needs_a_report(cast: Cast) -> None:
    impulse = make_impulse(cast.erin, publish=False)
    assert impulse.status == "draft"
    svc.change_status(impulse=impulse, to_status="published", by=cast.erin)
    svc.change_status(
        impulse=impulse, to_status="in_implementation", by=cast.erin, note="Los geht's"
    )
    with pytest.raises(svc.ImpulseError):
        svc.change_status(impulse=impulse, to_status="implemented", by=cast.erin)
    svc.change_status(
        impulse=impulse, to_status="implemented", by=cast.erin, report="10 Linden stehen."
    )
    with pytest.raises(svc.ImpulseError):
        svc.change_status(impulse=impulse, to_status="published", by=cast.erin)
    impulse.refresh_from_db()
    assert [h.to_status for h in impulse.history.all()] == [
        "draft",
        "published",
        "in_implementation",
        "implemented",
    ]
    assert impulse.implementation_report == "10 Linden stehen."


def test_keyset_pages_cover_everything_once(cast: Cast) -> None:
    made = {make_impulse(cast.erin, title=f"Idee Nummer {i}").pk for i in range(7)}
    for sort in ("newest", "trending", "supported"):
        seen: list[int] = []
        cursor = ""
        while True:
            page = impulse_page(ImpulseFilters(sort=sort), cursor=cursor, limit=3)
            seen += [i.pk for i in page.items]
            if not page.next_cursor:
                break
            cursor = page.next_cursor
        assert made <= set(seen) and len(seen) == len(set(seen)), sort


def test_a_stadtbezirk_filter_includes_its_ortsteile(cast: Cast) -> None:
    in_lindenau = make_impulse(cast.erin, title="Lindenau braucht Bänke")
    in_gohlis = make_impulse(
        cast.erin, title="Gohlis braucht Bänke", district_ids=[district("gohlis-sud").pk]
    )
    page = impulse_page(ImpulseFilters(district="alt-west"))
    ids = {i.pk for i in page.items}
    assert in_lindenau.pk in ids and in_gohlis.pk not in ids


def test_german_search_stems_words_and_forgives_typos(cast: Cast) -> None:
    trees = make_impulse(cast.erin, title="Mehr Bäume für den Lindenauer Markt")
    make_impulse(cast.erin, title="Radweg an der Jahnallee", body="Sicher radeln.")
    assert [i.pk for i in impulse_page(ImpulseFilters(q="Baum")).items] == [trees.pk]
    assert [i.pk for i in impulse_page(ImpulseFilters(q="Lindnauer Makt")).items] == [trees.pk]


def test_upcoming_events_are_sorted_by_start(cast: Cast) -> None:
    later = make_impulse(
        cast.erin, title="Später Termin", starts_at=timezone.now() + timedelta(days=9)
    )
    sooner = make_impulse(
        cast.erin, title="Früher Termin", starts_at=timezone.now() + timedelta(days=2)
    )
    make_impulse(cast.erin, title="Vorbei", starts_at=timezone.now() - timedelta(days=2))
    page = impulse_page(ImpulseFilters(sort="upcoming"))
    assert [i.pk for i in page.items] == [sooner.pk, later.pk]


@pytest.mark.ratelimits
def test_posting_is_rate_limited_per_person(cast: Cast) -> None:
    from config.domain import RateLimited

    for i in range(10):
        make_impulse(cast.erin, title=f"Idee Nummer {i}")
    with pytest.raises(RateLimited):
        make_impulse(cast.erin, title="Eine zu viel")
    make_impulse(cast.bob, title="Bob darf noch")

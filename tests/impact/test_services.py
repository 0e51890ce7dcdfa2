from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from impact import services, tasks
from impact.models import ImpactSnapshot
from public_marketplace.models import District, Impulse, Support
from public_marketplace.services.impulses import support_impulse
from tests.cast import Cast
from tests.impact.scenario import build
from tests.public_marketplace.factories import district, leipzig, make_impulse


def snapshot(area: str | None = None, day=None) -> ImpactSnapshot:
    day = day or timezone.localdate()
    if area is None:
        return ImpactSnapshot.objects.get(date=day, city=leipzig(), district__isnull=True)
    return ImpactSnapshot.objects.get(date=day, district=district(area))


def figures(row: ImpactSnapshot) -> tuple[int, int, int, int, int]:
    return (
        row.active_people,
        row.impulses_total,
        row.impulses_published_in_period,
        row.implemented_total,
        row.supports_total,
    )


def test_the_snapshot_counts_people_and_impulses_where_they_acted(cast: Cast) -> None:
    build(cast)
    services.take_snapshot(day=timezone.localdate())

    # erin posted, bob supported, gina joined: in Lindenau and so in Alt-West, its Stadtbezirk.
    assert figures(snapshot("lindenau")) == (3, 2, 2, 1, 1)
    assert figures(snapshot("alt-west")) == (3, 2, 2, 1, 1)
    assert figures(snapshot("plagwitz")) == (1, 1, 1, 0, 0)
    assert figures(snapshot("sudwest")) == (1, 1, 1, 0, 0)
    # The city: everyone above once; no draft, nothing hidden (not alice, staff or dave).
    assert figures(snapshot()) == (4, 3, 3, 1, 1)
    assert figures(snapshot("grunau-ost")) == (0, 0, 0, 0, 0)


def test_every_city_and_district_gets_a_row_even_without_activity(cast: Cast) -> None:
    written = services.take_snapshot(day=timezone.localdate())

    assert written == 1 + District.objects.count()
    assert ImpactSnapshot.objects.count() == written


def test_an_impulse_in_two_ortsteilen_counts_once_for_their_stadtbezirk(cast: Cast) -> None:
    both = [district("lindenau").pk, district("altlindenau").pk]
    impulse = make_impulse(cast.erin, district_ids=both)
    support_impulse(impulse=impulse, user=cast.bob)
    services.take_snapshot(day=timezone.localdate())

    assert figures(snapshot("alt-west")) == (2, 1, 1, 0, 1)
    assert figures(snapshot("altlindenau")) == (2, 1, 1, 0, 1)


def test_active_people_also_count_where_they_live(cast: Cast) -> None:
    type(cast.bob).objects.filter(pk=cast.bob.pk).update(home_district=district("grunau-ost"))
    support_impulse(impulse=make_impulse(cast.erin), user=cast.bob)
    services.take_snapshot(day=timezone.localdate())

    assert snapshot("grunau-ost").active_people == 1
    assert snapshot("west").active_people == 1
    assert snapshot("lindenau").active_people == 2
    assert snapshot().active_people == 2  # bob once, though he counts in two places


def test_only_the_last_90_days_make_people_active(cast: Cast) -> None:
    impulse = make_impulse(cast.erin)
    support_impulse(impulse=impulse, user=cast.bob)
    long_ago = timezone.now() - timedelta(days=100)
    Impulse.objects.filter(pk=impulse.pk).update(published_at=long_ago)
    Support.objects.filter(user=cast.bob).update(created_at=long_ago)
    services.take_snapshot(day=timezone.localdate())

    assert figures(snapshot("lindenau")) == (0, 1, 0, 0, 1)


def test_a_past_day_counts_what_existed_then(cast: Cast) -> None:
    scenario = build(cast)
    yesterday = timezone.localdate() - timedelta(days=1)
    before = timezone.now() - timedelta(days=2)
    Impulse.objects.filter(pk=scenario.lindenau.pk).update(published_at=before)
    services.take_snapshot(day=yesterday)

    # Only the impulse published two days ago existed; the support, the participation, the
    # other impulses and the implementation all happened today.
    assert figures(snapshot("lindenau", yesterday)) == (1, 1, 1, 0, 0)


def test_taking_a_snapshot_again_replaces_the_day(cast: Cast) -> None:
    today = timezone.localdate()
    services.take_snapshot(day=today)
    services.take_snapshot(day=today)
    count = ImpactSnapshot.objects.count()
    build(cast)

    services.take_snapshot(day=today)

    assert ImpactSnapshot.objects.count() == count
    assert figures(snapshot("lindenau")) == (3, 2, 2, 1, 1)


def test_the_snapshot_keeps_the_population_of_the_day(cast: Cast) -> None:
    District.objects.filter(slug="lindenau").update(population=60)
    build(cast)
    services.take_snapshot(day=timezone.localdate())

    assert snapshot("lindenau").share == pytest.approx(0.05)
    assert snapshot("alt-west").share is None  # not configured


def test_future_days_are_refused(cast: Cast) -> None:
    with pytest.raises(services.ImpactError):
        services.take_snapshot(day=timezone.localdate() + timedelta(days=1))
    assert not ImpactSnapshot.objects.exists()


def test_the_hourly_task_takes_today_and_finishes_yesterday(cast: Cast) -> None:
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)

    assert tasks.take_daily_snapshots() == [today.isoformat()]
    assert tasks.take_daily_snapshots() == [today.isoformat()]

    services.take_snapshot(day=yesterday)
    late_evening = timezone.now() - timedelta(days=2)
    ImpactSnapshot.objects.filter(date=yesterday).update(computed_at=late_evening)
    assert tasks.take_daily_snapshots() == [yesterday.isoformat(), today.isoformat()]
    assert tasks.take_daily_snapshots() == [today.isoformat()]


def test_the_command_backfills_days(cast: Cast) -> None:
    today = timezone.localdate()
    call_command("take_impact_snapshot", "--backfill-days", "2")

    days = set(ImpactSnapshot.objects.values_list("date", flat=True))
    assert days == {today - timedelta(days=n) for n in range(3)}


def test_the_command_takes_one_given_day(cast: Cast) -> None:
    day = timezone.localdate() - timedelta(days=30)
    call_command("take_impact_snapshot", "--day", day.isoformat())

    assert set(ImpactSnapshot.objects.values_list("date", flat=True)) == {day}


@pytest.mark.parametrize(
    "arguments", [["--day", "26.11.2026"], ["--day", "2999-01-01"], ["--backfill-days", "-1"]]
)
def test_the_command_refuses_bad_input_clearly(cast: Cast, arguments: list[str]) -> None:
    with pytest.raises(CommandError):
        call_command("take_impact_snapshot", *arguments)
    assert not ImpactSnapshot.objects.exists()

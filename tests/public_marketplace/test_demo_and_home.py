"""The demo network `make run` shows, and the home page a first visitor meets."""

from __future__ import annotations

from typing import Any

import pytest

from public_marketplace.demo import IMPULSES, seed_network
from public_marketplace.models import City, District, DistrictLevel, Impulse, ImpulseStatus
from tests.cast import Cast


def _people(cast: Cast) -> list[Any]:
    return [cast.alice, cast.bob, cast.gina, cast.carol, cast.dave, cast.erin, cast.staff]


@pytest.fixture
def demo(cast: Cast, settings: Any, tmp_path: Any) -> City:
    settings.MEDIA_ROOT = tmp_path
    leipzig = City.objects.get(slug="leipzig")
    assert seed_network(leipzig, _people(cast)) is True
    return leipzig


def test_the_demo_fills_the_network_once_with_pictures_a_box_and_population(
    demo: City, cast: Cast
) -> None:
    impulses = Impulse.objects.filter(city=demo)
    assert impulses.count() == len(IMPULSES)
    assert all(impulse.images.count() == 1 for impulse in impulses)
    with_box = impulses.get(box__isnull=False)
    assert with_box.status == ImpulseStatus.IN_IMPLEMENTATION
    assert with_box.box is not None
    assert with_box.box.members.count() == 2  # the owner and the accepted helper
    assert impulses.filter(status=ImpulseStatus.GATHERING).exists()
    assert not District.objects.filter(
        city=demo, level=DistrictLevel.LOCALITY, population__isnull=True
    ).exists()
    demo.refresh_from_db()
    assert demo.population
    assert seed_network(demo, _people(cast)) is False  # never twice, never over real content
    assert Impulse.objects.count() == len(IMPULSES)


def test_demo_population_never_replaces_a_loaded_figure(cast: Cast, settings: Any) -> None:
    from public_marketplace.demo import set_demo_population

    leipzig = City.objects.get(slug="leipzig")
    lindenau = District.objects.get(city=leipzig, name="Lindenau")
    District.objects.filter(pk=lindenau.pk).update(population=12_345)
    set_demo_population(leipzig)
    lindenau.refresh_from_db()
    assert lindenau.population == 12_345


def test_the_home_page_explains_the_three_steps_and_counts(
    demo: City, cast: Cast, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(20):
        html = client_for().get("/").content.decode()
    assert "So funktioniert WeCreate" in html
    assert "1. Impuls teilen" in html and "3. In der Box umsetzen" in html
    assert f"Impulse: {len(IMPULSES)}" in html
    assert "Boxen in Umsetzung: 1" in html
    assert 'class="impulse-card__image"' in html  # the cards show their pictures
    assert "Sonnensegel für den Spielplatz am Lindenauer Markt" in html
    assert "Demnächst in der Stadt" in html  # the demo's events


def test_the_home_page_shows_the_visitors_own_ortsteil(
    demo: City, cast: Cast, client_for: Any
) -> None:
    from accounts.models import User

    lindenau = District.objects.get(city=demo, name="Lindenau")
    html = client_for(user=cast.erin).get("/").content.decode()
    assert "Wähle deinen Ortsteil im Profil" in html
    User.objects.filter(pk=cast.erin.pk).update(home_district=lindenau)
    html = client_for(user=cast.erin).get("/").content.decode()
    assert "Neu in Lindenau" in html
    assert "Sonnensegel für den Spielplatz am Lindenauer Markt" in html


def test_the_home_page_says_so_when_the_network_is_empty(cast: Cast, client_for: Any) -> None:
    html = client_for().get("/").content.decode()
    assert "Noch keine Impulse – starte den ersten!" in html
    assert "Impulse: 0" in html

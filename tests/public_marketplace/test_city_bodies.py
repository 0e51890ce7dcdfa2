"""Leipzig's council bodies as data: public_marketplace/data/leipzig.json via load_city."""

from __future__ import annotations

import copy
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from public_marketplace.models import City, CouncilBody, District
from public_marketplace.services.cities import (
    CityDataError,
    city_data_path,
    load_city,
    load_city_file,
)
from tests.cast import Cast


def leipzig_data() -> dict[str, Any]:
    return json.loads(city_data_path("leipzig").read_text(encoding="utf-8"))


def snapshot() -> list[tuple[Any, ...]]:
    return [
        (b.pk, b.slug, b.kind, b.name, b.district_id, b.min_cosigners, b.support_goal,
         tuple(sorted(b.area.values_list("number", flat=True))))
        for b in CouncilBody.objects.order_by("pk").prefetch_related("area")
    ]  # fmt: skip


def test_all_leipzig_bodies_are_loaded(cast: Cast) -> None:
    bodies = CouncilBody.objects.filter(city__slug="leipzig")
    counts = {kind: bodies.filter(kind=kind).count() for kind in CouncilBody.Kind.values}
    assert counts == {
        "city_council": 1,
        "district_council": 10,
        "locality_council": 13,
        "advisory_council": 4,
    }
    assert all(b.slug for b in bodies)
    assert not bodies.filter(kind__in=["district_council", "locality_council"]).exclude(
        residents_only=True
    )
    council = bodies.get(slug="stadtrat")
    assert council.area.count() == 0  # the whole city
    assert "Büro für Ratsangelegenheiten" in council.submission_notes
    assert bodies.get(slug="jugendparlament").kind == CouncilBody.Kind.ADVISORY_COUNCIL


def test_the_alt_west_bodies_cover_their_ortsteile(cast: Cast) -> None:
    beirat = CouncilBody.objects.get(slug="stadtbezirksbeirat-alt-west")
    assert beirat.district is not None and beirat.district.name == "Alt-West"
    assert sorted(beirat.area.values_list("name", flat=True)) == [
        "Altlindenau",
        "Burghausen-Rückmarsdorf",
        "Böhlitz-Ehrenberg",
        "Leutzsch",
        "Lindenau",
        "Neulindenau",
    ]
    ortschaft = CouncilBody.objects.get(slug="ortschaftsrat-bohlitz-ehrenberg")
    assert list(ortschaft.area.values_list("number", flat=True)) == ["74"]
    engelsdorf = CouncilBody.objects.get(slug="ortschaftsrat-engelsdorf")
    assert sorted(engelsdorf.area.values_list("number", flat=True)) == ["27", "28", "29"]


def test_loading_again_changes_nothing(cast: Cast) -> None:
    before = snapshot()
    districts = District.objects.count()
    load_city_file(path=city_data_path("leipzig"))
    out = StringIO()
    call_command("load_city", "leipzig", stdout=out)
    assert snapshot() == before
    assert District.objects.count() == districts
    assert "10 Stadtbezirke" in out.getvalue() and "28 Gremien" in out.getvalue()


def test_rows_from_before_slugs_are_kept_and_given_their_slug(cast: Cast) -> None:
    beirat = CouncilBody.objects.get(slug="stadtbezirksbeirat-mitte")
    council = CouncilBody.objects.get(slug="stadtrat")
    CouncilBody.objects.filter(pk__in=[beirat.pk, council.pk]).update(slug="", name="alt")
    load_city(data=leipzig_data())
    beirat.refresh_from_db()
    council.refresh_from_db()
    assert (beirat.slug, beirat.name) == ("stadtbezirksbeirat-mitte", "Stadtbezirksbeirat Mitte")
    assert (council.slug, council.name) == ("stadtrat", "Stadtrat Leipzig")
    assert CouncilBody.objects.count() == 28


def test_the_old_name_only_format_still_loads(cast: Cast) -> None:
    data = leipzig_data()
    data["bodies"] = {
        "city_council": "Stadtrat Leipzig",
        "district_council": "Stadtbezirksbeirat {name}",
    }
    before = CouncilBody.objects.count()
    load_city(data=data)
    # The same slugs as the list format: the rows are updated, not duplicated.
    assert CouncilBody.objects.count() == before
    beirat = CouncilBody.objects.get(slug="stadtbezirksbeirat-alt-west")
    assert beirat.area.count() == 6 and beirat.residents_only


def _broken(change) -> dict[str, Any]:
    data = copy.deepcopy(leipzig_data())
    change(data)
    return data


def _body(data: dict[str, Any], slug: str) -> dict[str, Any]:
    return next(b for b in data["bodies"] if b["slug"] == slug)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: _body(d, "stadtbezirksbeirat-alt-west")["area"].append("Atlantis"), "Atlantis"),
        (lambda d: _body(d, "stadtrat").update(kind="parliament"), "unknown kind"),
        (lambda d: _body(d, "stadtrat").update(min_cosigners=-1), "min_cosigners"),
        (lambda d: _body(d, "seniorenbeirat").update(support_goal=-5), "support_goal"),
        (lambda d: _body(d, "seniorenbeirat").update(submission_deadline_days="7"), "deadline"),
        (lambda d: _body(d, "stadtrat").update(residents_only="ja"), "residents_only"),
        (lambda d: _body(d, "stadtrat").update(submission_email="kein"), "submission_email"),
        (lambda d: _body(d, "stadtrat").update(sumbission_notes="typo"), "unknown fields"),
        (lambda d: _body(d, "jugendparlament").update(slug="stadtrat"), "used twice"),
        (lambda d: _body(d, "stadtrat").pop("name"), "'name' is required"),
        (lambda d: _body(d, "stadtbezirksbeirat-mitte").update(district="99"), "district"),
    ],
)
def test_bad_data_is_refused_and_nothing_changes(cast: Cast, change, message) -> None:
    data = _broken(change)
    data["name"] = "Leipzig (geändert)"  # would be written first if the load were not atomic
    before = snapshot()
    with pytest.raises(CityDataError, match=message):
        load_city(data=data)
    assert snapshot() == before
    assert City.objects.get(slug="leipzig").name == "Leipzig"


def test_the_command_reports_bad_data(cast: Cast, tmp_path) -> None:
    from django.core.management.base import CommandError

    path = tmp_path / "bad.json"
    path.write_text(json.dumps(_broken(lambda d: _body(d, "stadtrat").update(kind="x"))))
    with pytest.raises(CommandError, match="unknown kind"):
        call_command("load_city", str(path), stdout=StringIO())

"""The list page's cheap paths keep what users see: the filter form's `<select>`s written in
Python from cached choices, and cards built from a narrow queryset."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext_lazy

from public_marketplace.forms import PlainSelect
from public_marketplace.models import District, DistrictLevel, Impulse, Topic
from tests.cast import Cast
from tests.public_marketplace.factories import district, leipzig, make_impulse

CHOICES: list[tuple[Any, Any]] = [
    ("", "---------"),
    ("a<b", "A & B"),
    ("c", gettext_lazy("Alle")),
    ("c", "the same value again"),
    (None, "none"),
    (3, 1234),
    ("q", '"quoted"'),
]


@pytest.mark.parametrize("value", [None, "", "c", "a<b", "missing", 3, ["c"], "None"])
@pytest.mark.parametrize(
    "attrs",
    [
        {},
        {"id": "id_district", "class": "kern-form-input__select", "aria-describedby": "x-hint"},
        {"disabled": True, "required": False, "data-x": '"<q>"'},
    ],
)
def test_plain_select_writes_what_djangos_select_templates_write(value: Any, attrs: Any) -> None:
    plain = PlainSelect(choices=CHOICES).render("dist<rict", value, dict(attrs))
    django_select = forms.Select(choices=CHOICES).render("dist<rict", value, dict(attrs))
    assert plain == django_select


@pytest.mark.parametrize("value", [None, "", "gohlis", "mitte", "missing"])
def test_plain_select_writes_option_groups_as_djangos_templates_do(value: Any) -> None:
    grouped: list[tuple[Any, Any]] = [
        ("", "Alle Stadtteile"),
        ("Nord & <Süd>", [("gohlis", "Gohlis"), ("mitte", "Mitte (ganzer Stadtbezirk)")]),
        ("Alt-West", [("lindenau", "Lindenau"), ("gohlis", "Gohlis again")]),
    ]
    plain = PlainSelect(choices=grouped).render("district", value, {"id": "id_district"})
    assert plain == forms.Select(choices=grouped).render("district", value, {"id": "id_district"})
    assert '<optgroup label="Nord &amp; &lt;Süd&gt;">' in plain


def _queries(client: Any, path: str, **params: str) -> tuple[str, list[str]]:
    client.get(path, params)  # warm: host lookup and filter choices cached
    with CaptureQueriesContext(connection) as queries:
        page = client.get(path, params).content.decode()
    sql = [q["sql"] for q in queries.captured_queries]
    return page, [s for s in sql if not s.startswith("SET search_path")]  # django-tenants


def test_the_filter_form_takes_its_choices_from_the_cache(cast: Cast, client_for: Any) -> None:
    make_impulse(cast.erin, topic_ids=[Topic.objects.get(slug="gruen").pk])
    page, sql = _queries(client_for(), "/impulse/")
    # The page, the districts and pictures of its cards; no query for the form's cities,
    # districts, topics.
    assert len(sql) == 3, sql
    assert '<option value="lindenau">Lindenau</option>' in page
    assert '<option value="gruen">Grün</option>' in page
    assert 'name="city"' not in page  # one city: nothing to choose
    # A district chosen in the filter: checked against the database, shown as selected.
    page, sql = _queries(client_for(), "/impulse/", district="alt-west")
    assert '<option value="alt-west" selected>Alt-West (ganzer Stadtbezirk)</option>' in page
    assert '<optgroup label="Alt-West">' in page
    assert len(sql) == 5, sql  # + the district with its city, + the ids of its Ortsteile


def test_changed_districts_and_topics_show_in_the_filter_at_once(
    cast: Cast, client_for: Any
) -> None:
    client = client_for()
    assert "Neu-Lindenau" not in client.get("/impulse/").content.decode()
    new = District.objects.create(
        city=leipzig(),
        parent=district("alt-west"),
        level=DistrictLevel.LOCALITY,
        number="999",
        name="Neu-Lindenau",
        slug="neu-lindenau",
    )
    assert (
        '<option value="neu-lindenau">Neu-Lindenau</option>'
        in client.get("/impulse/").content.decode()
    )
    new.name = "Neulindenau"
    new.save()
    page = client.get("/impulse/").content.decode()
    assert '<option value="neu-lindenau">Neulindenau</option>' in page
    assert "Neu-Lindenau" not in page
    new.delete()
    assert "neu-lindenau" not in client.get("/impulse/").content.decode()
    sport = Topic.objects.create(name="Sport", slug="sport")
    assert "sport" not in client.get("/impulse/").content.decode()  # no impulse has it yet
    make_impulse(cast.erin, topic_ids=[sport.pk])
    assert '<option value="sport">Sport</option>' in client.get("/impulse/").content.decode()


def test_cards_show_organisation_places_dates_and_status_without_a_query_each(
    cast: Cast, client_for: Any
) -> None:
    starts = timezone.now() + timedelta(days=3)
    make_impulse(cast.alice, organisation=cast.alpha, title="Stadtteilfest", starts_at=starts)
    make_impulse(cast.erin, title="Ganz ohne Stadtteil", district_ids=[])
    make_impulse(
        cast.erin,
        title="Zwei Stadtteile",
        district_ids=[district("lindenau").pk, district("plagwitz").pk],
    )
    client = client_for()
    page, few = _queries(client, "/impulse/")
    assert "Alpha Partei ✓" in page and "Veranstaltung" in page and "Idee" in page
    both = District.objects.filter(slug__in=["lindenau", "plagwitz"])  # in the districts' order
    assert "ganz Leipzig" in page and ", ".join(d.name for d in both) in page
    assert "Idee" in page and "0 Unterstützungen" in page
    for i in range(15):
        make_impulse(cast.alice, organisation=cast.alpha, title=f"Fest {i}", starts_at=starts)
    _, many = _queries(client, "/impulse/")
    assert len(many) == len(few)
    found, _ = _queries(client, "/impulse/", q="Stadtteilfest")
    assert "Stadtteilfest" in found and "Alpha Partei ✓" in found


def test_kind_and_status_labels_are_the_displayed_choices() -> None:
    impulse = Impulse(kind="event", status="in_implementation")
    assert impulse.kind_label == impulse.get_kind_display() == "Veranstaltung"
    assert impulse.status_label == impulse.get_status_display() == "In Umsetzung"
    unknown = Impulse(kind="other", status="gone")
    assert (unknown.kind_label, unknown.status_label) == ("other", "gone")

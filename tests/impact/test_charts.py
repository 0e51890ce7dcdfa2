from __future__ import annotations

from datetime import date
from xml.etree import ElementTree

import pytest
from django.utils import translation

from impact.charts import axis_ticks, monthly_line_chart
from impact.selectors import month_starts

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = month_starts(date(2026, 11, 26))


def chart(values, **overrides) -> ElementTree.Element:
    arguments = {
        "chart_id": "chart-active",
        "title": "Aktive Menschen in Lindenau",
        "description": "Monatswerte <vom> Netzwerk",
        "months": MONTHS,
        "values": values,
        "y_title": "Menschen",
        "x_title": "Monat",
    }
    arguments.update(overrides)
    with translation.override("de"):
        markup = str(monthly_line_chart(**arguments))
    return ElementTree.fromstring(markup)  # noqa: S314  (our own markup, not untrusted input)


def text_of(element: ElementTree.Element, child: str) -> str | None:
    found = element.find(f"{SVG}{child}")
    assert found is not None, child
    return found.text


def test_the_last_twelve_months_end_with_this_month() -> None:
    assert MONTHS[0] == date(2025, 12, 1)
    assert MONTHS[-1] == date(2026, 11, 1)
    assert len(MONTHS) == 12
    assert month_starts(date(2026, 1, 31), 2) == [date(2025, 12, 1), date(2026, 1, 1)]


def test_the_chart_names_itself_for_assistive_technology() -> None:
    svg = chart(list(range(12)))

    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "chart-active-title chart-active-desc"
    assert text_of(svg, "title") == "Aktive Menschen in Lindenau"
    assert text_of(svg, "desc") == "Monatswerte <vom> Netzwerk"  # escaped, still valid
    assert svg.get("style") is None


def test_the_chart_has_one_point_per_month_each_with_its_value() -> None:
    svg = chart([3 * n for n in range(12)])
    points = svg.findall(f"{SVG}circle")

    assert len(points) == 12
    assert text_of(points[0], "title") == "Dezember 2025: 0"
    assert text_of(points[-1], "title") == "November 2026: 33"
    # Later months sit further right, bigger values higher up.
    xs = [float(p.get("cx", "")) for p in points]
    ys = [float(p.get("cy", "")) for p in points]
    assert xs == sorted(xs)
    assert ys == sorted(ys, reverse=True)


def test_the_axes_are_labelled() -> None:
    texts = [t.text for t in chart([0] * 11 + [1234]).iter(f"{SVG}text")]

    assert "Menschen" in texts and "Monat" in texts
    assert {"Dez", "Jan", "Nov", "2025", "2026"} <= set(texts)
    assert "1.500" in texts  # the top tick, grouped the German way


def test_months_without_numbers_get_no_point_and_break_the_line() -> None:
    svg = chart([None, None, 1, 2, None, 3, 4, 5, 6, 7, 8, 9])

    assert len(svg.findall(f"{SVG}circle")) == 9
    assert len(svg.findall(f"{SVG}polyline")) == 2


def test_a_chart_without_any_numbers_still_renders() -> None:
    svg = chart([None] * 12)

    assert svg.findall(f"{SVG}circle") == []


def test_shares_keep_their_decimals() -> None:
    svg = chart([0.5] * 12, decimals=1)

    assert text_of(svg.findall(f"{SVG}circle")[0], "title") == "Dezember 2025: 0,5"


def test_one_value_per_month_is_required() -> None:
    with pytest.raises(ValueError):
        chart([1, 2])


@pytest.mark.parametrize(
    ("maximum", "integers", "ticks"),
    [
        (0, True, [0, 1]),
        (1, True, [0, 1]),
        (3, True, [0, 1, 2, 3]),
        (7, True, [0, 2, 4, 6, 8]),
        (95, True, [0, 50, 100]),
        (1234, True, [0, 500, 1000, 1500]),
        (0.7, False, [0, 0.2, 0.4, 0.6, 0.8]),
    ],
)
def test_axis_ticks_are_round_numbers_from_zero(maximum, integers, ticks) -> None:
    assert axis_ticks(maximum, integers=integers) == ticks

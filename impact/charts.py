"""Server-side SVG line charts for the dashboard's monthly history.

Plain markup, no script (the CSP allows none inline, and a chart must work without one). Each
chart names itself in <title> and <desc>; the page shows the same numbers in a data table next
to it, which is the text alternative for people who cannot see the chart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 64, 28, 16, 72
LINE = "#0b5cad"
TEXT = "#1f2937"
GRID = "#c4c8d0"


def axis_ticks(maximum: float, *, integers: bool = True, count: int = 4) -> list[float]:
    """Evenly spaced "nice" ticks (steps of 1, 2 or 5 × 10ⁿ) from 0 to at least ``maximum``."""
    if maximum <= 0:
        return [0, 1]
    raw = maximum / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    if integers:
        step = max(1, round(step))
    steps = math.ceil(maximum / step - 1e-9)
    return [round(step * i, 10) for i in range(steps + 1)]


def _format(value: float, decimals: int) -> str:
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def _join(parts: Sequence[SafeString]) -> SafeString:
    return format_html_join("", "{}", ((part,) for part in parts))


def monthly_line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    months: Sequence[date],
    values: Sequence[float | None],
    y_title: str,
    x_title: str,
    decimals: int = 0,
) -> SafeString:
    """An accessible SVG line chart with one point per month that has a value.

    Months without a value (``None``) get no point and break the line.
    """
    if len(months) != len(values):
        raise ValueError("one value per month")
    known = [v for v in values if v is not None]
    ticks = axis_ticks(max(known, default=0), integers=decimals == 0)
    top = ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i: int) -> float:
        return LEFT + (plot_w * i / (len(months) - 1) if len(months) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return TOP + plot_h * (1 - value / top)

    parts: list[SafeString] = []
    for tick in ticks:
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>'
                '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="{}">{}</text>',
                LEFT,
                f"{y(tick):.1f}",
                WIDTH - RIGHT,
                f"{y(tick):.1f}",
                GRID,
                LEFT - 8,
                f"{y(tick) + 4:.1f}",
                TEXT,
                _format(tick, decimals if tick != int(tick) else 0),
            )
        )
    for i, month in enumerate(months):
        # Month on the first line; the year under the first month and under each January.
        year = str(month.year) if i == 0 or month.month == 1 else ""
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="{}">{}</text>',
                f"{x(i):.1f}",
                HEIGHT - BOTTOM + 18,
                TEXT,
                date_format(month, "M"),
            )
        )
        if year:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="{}">{}</text>',
                    f"{x(i):.1f}",
                    HEIGHT - BOTTOM + 34,
                    TEXT,
                    year,
                )
            )
    segments: list[list[str]] = [[]]
    for i, value in enumerate(values):
        if value is None:
            segments.append([])
        else:
            segments[-1].append(f"{x(i):.1f},{y(value):.1f}")
    for segment in segments:
        if len(segment) > 1:
            parts.append(
                format_html(
                    '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"/>',
                    " ".join(segment),
                    LINE,
                )
            )
    for i, (month, value) in enumerate(zip(months, values, strict=True)):
        if value is not None:
            parts.append(
                format_html(
                    '<circle class="impact-chart__point" cx="{}" cy="{}" r="4" fill="{}">'
                    "<title>{}: {}</title></circle>",
                    f"{x(i):.1f}",
                    f"{y(value):.1f}",
                    LINE,
                    date_format(month, "F Y"),
                    _format(value, decimals),
                )
            )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="impact-chart" viewBox="0 0 {} {}" '
        'width="100%" role="img" aria-labelledby="{}-title {}-desc">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1.5"/>'
        "{}"
        '<text x="{}" y="{}" text-anchor="middle" font-size="13" fill="{}">{}</text>'
        '<text transform="rotate(-90)" x="{}" y="16" text-anchor="middle" font-size="13" '
        'fill="{}">{}</text>'
        "</svg>",
        WIDTH,
        HEIGHT,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
        LEFT,
        TOP,
        LEFT,
        TOP + plot_h,
        TEXT,
        _join(parts),
        LEFT + plot_w / 2,
        HEIGHT - 8,
        TEXT,
        x_title,
        -(TOP + plot_h / 2),
        TEXT,
        y_title,
    )

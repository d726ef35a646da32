"""Charts drawn on the server as accessible SVG: line and area, bars, sparklines, calendars.

A chart is data first: a ``Chart`` holds its title, a sentence describing it, the
category labels (days, months, stations) and one ``Series`` of values per thing
measured. The ``chart`` template tag (``{% load charts %}``) draws it as an SVG
with ``role="img"``, a ``<title>`` and a ``<desc>``, followed by the same numbers as
a table inside ``<details>`` and a link to download them as CSV (``chart_csv``).

No JavaScript and no style attributes (the site's CSP allows neither inline):
colours, dashes and hatching come from classes in ``static/css/portal.css``.
Series differ by more than colour: lines by their dash pattern and a label at
their end, bars by their pattern, calendar cells by their shade and a legend.
"""

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import dateformat
from django.utils.dates import MONTHS_3
from django.utils.formats import get_format, number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

# The drawing's coordinate system; the SVG scales to the width it is given.
WIDTH = 640
HEIGHT = 240
MARGIN_LEFT = 56
MARGIN_RIGHT = 96
MARGIN_TOP = 16
MARGIN_BOTTOM = 40
# At most this many labels along the x axis (the table has them all).
MAX_X_LABELS = 6
# How many series styles the CSS defines (chart-series--1 ... --4); more cycle.
STYLES = 4

LINE, AREA, BARS, STACKED, SPARKLINE, CALENDAR = (
    "line",
    "area",
    "bars",
    "stacked",
    "sparkline",
    "calendar",
)
# Figures of several units side by side (counts and medians): a table, no drawing.
TABLE = "table"
# The kinds whose series a key names, under the drawing.
KEYED = (LINE, AREA, BARS, STACKED)


@dataclass(frozen=True)
class Series:
    name: str
    # One value per label; None where nothing is known (a gap, "—" in the table).
    values: Sequence[float | None]


@dataclass
class Chart:
    """What a chart shows; ``kind`` says how it is drawn."""

    slug: str
    title: str
    description: str
    labels: Sequence[str]
    series: Sequence[Series]
    kind: str = LINE
    # The heading of the label column in the table and the CSV ("Month", "Station").
    label_heading: str = ""
    # For calendars: the date of each label (the labels say it in words).
    days: Sequence[date] = field(default_factory=list)
    # Where the page offers the table as CSV (empty: no link).
    csv_url: str = ""
    # Short labels for the x axis ("2026-03"); the table shows ``labels``.
    axis_labels: Sequence[str] = ()
    # Bars along the x axis, one row per label: for long category names.
    horizontal: bool = False
    # The drawing's size: a small picture on a member's page is drawn narrower, so
    # that its words stay legible on a phone (the SVG scales to the column).
    width: int = WIDTH
    height: int = HEIGHT
    # Shown instead of the drawing and its table when there is nothing to draw.
    empty_text: str = ""
    # The table under the drawing when it is not the drawing's own numbers: a
    # calendar's year of days is told month by month.
    table_chart: "Chart | None" = None

    @property
    def drawn_labels(self) -> Sequence[str]:
        return self.axis_labels or self.labels

    @property
    def is_empty(self) -> bool:
        return not any(value for serie in self.series for value in serie.values)

    def rows(self) -> list[tuple[str, list[float | None]]]:
        """The table: one row per label, one value per series."""
        return [
            (label, [serie.values[index] for serie in self.series])
            for index, label in enumerate(self.labels)
        ]


def running_total(values: Sequence[float | None]) -> list[float]:
    """The cumulative sums of ``values`` (a missing value adds nothing)."""
    total, totals = 0, []
    for value in values:
        total += value or 0
        totals.append(total)
    return totals


def nice_ceiling(value: float) -> tuple[float, float]:
    """A round top for the y axis at or above ``value``, and the step of its ticks."""
    if value <= 0:
        return 1, 1
    magnitude = 10 ** math.floor(math.log10(value))
    for multiple in (1, 2, 2.5, 5, 10):
        step = multiple * magnitude / 5
        # Whole numbers only: counts and points never have fractions of a tick.
        step = max(step, 1)
        top = math.ceil(value / step) * step
        if top / step <= 5:
            return top, step
    return math.ceil(value / magnitude) * magnitude, magnitude


def format_value(value: float | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return number_format(value, decimal_pos=1, use_l10n=True, force_grouping=True)
    return number_format(int(value), use_l10n=True, force_grouping=True)


def _style(index: int) -> int:
    return index % STYLES + 1


def _x_label_indexes(count: int, most: int = MAX_X_LABELS) -> set[int]:
    """Which labels the x axis names: evenly spaced, always the first and the last; a
    label too close to the last one is left out rather than drawn over it."""
    if count <= most:
        return set(range(count))
    step = math.ceil(count / most)
    shown = set(range(0, count, step))
    if count - 1 - max(shown) < step / 2:
        shown.discard(max(shown))
    return shown | {count - 1}


def _most_x_labels(chart: Chart) -> int:
    """A narrower drawing has room for fewer labels along its axis."""
    return max(2, round(MAX_X_LABELS * chart.width / WIDTH))


def _y_axis(top: float, step: float, plot_top: int, plot_bottom: int) -> list[dict]:
    ticks, value = [], 0.0
    while value <= top + 1e-9:
        y = plot_bottom - (plot_bottom - plot_top) * value / top
        ticks.append({"y": round(y, 1), "label": format_value(value)})
        value += step
    return ticks


def _max_value(chart: Chart, stacked: bool) -> float:
    if stacked:
        return max(
            (sum(max(s.values[i] or 0, 0) for s in chart.series) for i in range(len(chart.labels))),
            default=0,
        )
    return max((v for s in chart.series for v in s.values if v is not None), default=0)


def layout(chart: Chart) -> dict:
    """The geometry of a line, area or bar chart, for ``includes/charts/*.svg.html``."""
    stacked = chart.kind == STACKED
    if chart.kind in (BARS, STACKED) and chart.horizontal:
        return horizontal_layout(chart)
    top, step = nice_ceiling(_max_value(chart, stacked))
    # Lines end with their name and value on the right; bars have their key below.
    right = MARGIN_RIGHT if chart.kind in (LINE, AREA) else 16
    plot_left, plot_right = MARGIN_LEFT, chart.width - right
    plot_top, plot_bottom = MARGIN_TOP, chart.height - MARGIN_BOTTOM
    plot_width, plot_height = plot_right - plot_left, plot_bottom - plot_top
    count = max(len(chart.labels), 1)

    def y_of(value: float) -> float:
        return round(plot_bottom - plot_height * value / top, 1)

    shown = _x_label_indexes(len(chart.labels), _most_x_labels(chart))
    geometry = {
        "width": chart.width,
        "height": chart.height,
        "plot_left": plot_left,
        "plot_right": plot_right,
        "plot_top": plot_top,
        "plot_bottom": plot_bottom,
        "y_ticks": _y_axis(top, step, plot_top, plot_bottom),
        "series": [],
        "x_labels": [],
    }
    if chart.kind in (BARS, STACKED):
        band = plot_width / count
        inner = band * 0.8
        groups = 1 if stacked else max(len(chart.series), 1)
        bar_width = inner / groups
        for index, label in enumerate(chart.drawn_labels):
            centre = plot_left + band * (index + 0.5)
            if index in shown:
                geometry["x_labels"].append({"x": round(centre, 1), "label": label})
        base = [0.0] * len(chart.labels)
        for number, serie in enumerate(chart.series):
            bars = []
            for index, value in enumerate(serie.values):
                value = max(value or 0, 0)
                left = plot_left + band * index + band * 0.1
                if not stacked:
                    left += bar_width * number
                bottom_value = base[index] if stacked else 0
                y_top = y_of(bottom_value + value)
                bars.append(
                    {
                        "x": round(left, 1),
                        "y": y_top,
                        "width": round(max(bar_width - (0 if stacked else 1), 1), 1),
                        "height": round(y_of(bottom_value) - y_top, 1),
                        "label": chart.labels[index],
                        "value": format_value(serie.values[index]),
                    }
                )
                if stacked:
                    base[index] += value
            geometry["series"].append(
                {
                    "name": serie.name,
                    "style": _style(number),
                    "bars": bars,
                }
            )
        return geometry

    def x_of(index: int) -> float:
        if count == 1:
            return plot_left + plot_width / 2
        return round(plot_left + plot_width * index / (count - 1), 1)

    for index, label in enumerate(chart.drawn_labels):
        if index in shown:
            geometry["x_labels"].append({"x": x_of(index), "label": label})
    for number, serie in enumerate(chart.series):
        points = [
            (x_of(index), y_of(value))
            for index, value in enumerate(serie.values)
            if value is not None
        ]
        line = " ".join(f"{x},{y}" for x, y in points)
        area = ""
        if points and chart.kind == AREA:
            area = f"{points[0][0]},{plot_bottom} {line} {points[-1][0]},{plot_bottom}"
        last = points[-1] if points else None
        geometry["series"].append(
            {
                "name": serie.name,
                "style": _style(number),
                "points": line,
                "area": area,
                "dots": [{"x": x, "y": y} for x, y in points] if len(points) <= 40 else [],
                "end": {"x": last[0] + 6, "y": last[1] + 4} if last else None,
                "last_value": format_value(
                    next((v for v in reversed(serie.values) if v is not None), None)
                ),
            }
        )
    return geometry


LABEL_WIDTH = 180
ROW, BAR = 28, 14


def horizontal_layout(chart: Chart) -> dict:
    """Bars from the left, one row per label (grouped: one bar per series in the row)."""
    stacked = chart.kind == STACKED
    top, step = nice_ceiling(_max_value(chart, stacked))
    groups = 1 if stacked else max(len(chart.series), 1)
    row = ROW if groups == 1 else 8 + BAR * groups
    plot_left, plot_right = LABEL_WIDTH, chart.width - 24
    plot_top = MARGIN_TOP
    plot_bottom = plot_top + row * max(len(chart.labels), 1)

    def x_of(value: float) -> float:
        return round(plot_left + (plot_right - plot_left) * value / top, 1)

    ticks, value = [], 0.0
    while value <= top + 1e-9:
        ticks.append({"x": x_of(value), "label": format_value(value)})
        value += step
    series, base = [], [0.0] * len(chart.labels)
    for number, serie in enumerate(chart.series):
        bars = []
        for index, value in enumerate(serie.values):
            value = max(value or 0, 0)
            start = base[index] if stacked else 0
            y = plot_top + row * index + 4 + (0 if stacked else BAR * number)
            bars.append(
                {
                    "x": x_of(start),
                    "y": y,
                    "width": round(x_of(start + value) - x_of(start), 1),
                    "height": row - 8 if stacked else BAR - 2,
                    "value": format_value(serie.values[index]),
                }
            )
            if stacked:
                base[index] += value
        series.append({"name": serie.name, "style": _style(number), "bars": bars})
    return {
        "width": chart.width,
        "height": plot_bottom + 28,
        "plot_left": plot_left,
        "plot_right": plot_right,
        "plot_top": plot_top,
        "plot_bottom": plot_bottom,
        "x_ticks": ticks,
        "rows": [
            {"y": plot_top + row * index + row / 2 + 4, "label": label}
            for index, label in enumerate(chart.drawn_labels)
        ],
        "series": series,
    }


SPARK_WIDTH, SPARK_HEIGHT = 120, 32


def sparkline_layout(chart: Chart) -> dict:
    """A small line of the first series, without axes (its words say the range)."""
    values = list(chart.series[0].values) if chart.series else []
    known = [v for v in values if v is not None]
    high = max(known, default=0) or 1
    count = len(values)
    points = []
    for index, value in enumerate(values):
        if value is None:
            continue
        x = SPARK_WIDTH / 2 if count == 1 else 2 + (SPARK_WIDTH - 4) * index / (count - 1)
        y = SPARK_HEIGHT - 2 - (SPARK_HEIGHT - 4) * value / high
        points.append((round(x, 1), round(y, 1)))
    return {
        "width": SPARK_WIDTH,
        "height": SPARK_HEIGHT,
        "points": " ".join(f"{x},{y}" for x, y in points),
        "last": {"x": points[-1][0], "y": points[-1][1]} if points else None,
    }


CELL, GAP = 11, 2
CALENDAR_LEVELS = 4


def calendar_layout(chart: Chart) -> dict:
    """Weeks as columns, Monday to Sunday as rows; each day's shade is its level of 0-4."""
    values = list(chart.series[0].values) if chart.series else []
    days = list(chart.days)
    high = max((v or 0 for v in values), default=0)
    cells, months = [], []
    # A year has a handful of distinct counts: each is formatted once.
    shown = {value: format_value(value) for value in set(values)}
    if days:
        first_monday = days[0] - timedelta(days=days[0].weekday())
        for index, day in enumerate(days):
            week = (day - first_monday).days // 7
            value = values[index] or 0
            level = 0 if not value else max(1, math.ceil(CALENDAR_LEVELS * value / high))
            cells.append(
                {
                    "x": 32 + week * (CELL + GAP),
                    "y": 16 + day.weekday() * (CELL + GAP),
                    "level": level,
                    "label": chart.labels[index],
                    "value": shown[values[index]],
                }
            )
            if day.day == 1 or index == 0:
                months.append(
                    {"x": 32 + week * (CELL + GAP), "label": capfirst(MONTHS_3[day.month])}
                )
        weeks = (days[-1] - first_monday).days // 7 + 1
    else:
        weeks = 1
    legend_x = 32
    return {
        # A year is 365 cells: drawn here, not in a template loop, it costs a
        # fraction of the time (the profile page draws one for every member).
        "cells_svg": mark_safe(  # noqa: S308 (every value below is a number or escaped)
            "".join(
                f'<rect class="chart-heat chart-heat--{cell["level"]}" x="{cell["x"]}" '
                f'y="{cell["y"]}" width="{CELL}" height="{CELL}" rx="2" '
                f'data-day="{escape(cell["label"])}" data-value="{escape(cell["value"])}">'
                f"<title>{escape(cell['label'])}: {escape(cell['value'])}</title></rect>"
                for cell in cells
            )
        ),
        "width": 32 + weeks * (CELL + GAP) + 8,
        "height": 16 + 7 * (CELL + GAP) + 24,
        "cell": CELL,
        "cells": cells,
        "months": months,
        "legend_y": 16 + 7 * (CELL + GAP) + 8,
        "legend": [
            {"x": legend_x + 36 + level * (CELL + GAP), "level": level}
            for level in range(CALENDAR_LEVELS + 1)
        ],
        "legend_x": legend_x,
    }


def calendar_chart(
    *,
    slug: str,
    title: str,
    description: str,
    counts: dict[date, float],
    start: date,
    end: date,
    series_name: str,
) -> Chart:
    """A calendar of ``start`` to ``end`` (a contribution calendar): ``counts`` by day."""
    days = [start + timedelta(days=offset) for offset in range((end - start).days + 1)]
    day_format = get_format("DATE_FORMAT")
    return Chart(
        slug=slug,
        title=title,
        description=description,
        # The format looked up once, not once a day (a year of labels).
        labels=[dateformat.format(day, day_format) for day in days],
        series=[Series(series_name, [counts.get(day, 0) for day in days])],
        kind=CALENDAR,
        label_heading=_("Day"),
        days=days,
    )


def months_between(first: date, last: date) -> list[date]:
    """The first day of each month from ``first``'s to ``last``'s, both included."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return months


def day_buckets(start: date, end: date, *, most: int = 62) -> list[tuple[date, date]]:
    """``start`` to ``end`` as (first, last) days: single days, or weeks when there
    would be more than ``most`` days (the last week may be shorter)."""
    length = (end - start).days + 1
    if length <= 0:
        return []
    step = 1 if length <= most else 7
    return [
        (start + timedelta(days=offset), min(start + timedelta(days=offset + step - 1), end))
        for offset in range(0, length, step)
    ]


def bucket_sums(counts: dict[date, float], buckets: Sequence[tuple[date, date]]) -> list[float]:
    """The sum of ``counts`` (by day) within each bucket of ``day_buckets``."""
    sums = [0] * len(buckets)
    for day, value in counts.items():
        for index, (first, last) in enumerate(buckets):
            if first <= day <= last:
                sums[index] += value
                break
    return sums


def summary(chart: Chart) -> str:
    """The sentence a screen reader hears after the title: totals and the range."""
    if chart.is_empty:
        return _("Nothing to show for this period.")
    parts = []
    for serie in chart.series:
        known = [v for v in serie.values if v is not None]
        if not known:
            continue
        if chart.kind in (LINE, AREA, SPARKLINE):
            parts.append(
                _("%(name)s: from %(first)s to %(last)s, highest %(high)s.")
                % {
                    "name": serie.name,
                    "first": format_value(known[0]),
                    "last": format_value(known[-1]),
                    "high": format_value(max(known)),
                }
            )
        else:
            parts.append(
                _("%(name)s: %(total)s in all, highest %(high)s.")
                % {
                    "name": serie.name,
                    "total": format_value(sum(known)),
                    "high": format_value(max(known)),
                }
            )
    return " ".join(parts)


def chart_csv(chart: Chart) -> str:
    """The chart's table as CSV: a header row, then one row per label (empty: no value)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([chart.label_heading or _("Label"), *(serie.name for serie in chart.series)])
    for label, values in chart.rows():
        writer.writerow([label, *("" if value is None else value for value in values)])
    return out.getvalue()

"""Server-drawn SVG charts: their data points, text alternatives, table and CSV."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.template import Context, Template

from community_portal.core import charts
from community_portal.core.charts import Chart, Series
from community_portal.core.workdays import WorkingCalendar, working_days_between


def render(chart: Chart, csv_url: str = "/x.csv") -> str:
    return Template("{% load charts %}{% chart chart url %}").render(
        Context({"chart": chart, "url": csv_url})
    )


def line_chart(**kwargs) -> Chart:
    return Chart(
        slug="joined",
        title="New members",
        description="Members who joined.",
        labels=["1 Mar", "2 Mar", "3 Mar"],
        series=[Series("This period", [0, 5, 10]), Series("Previous period", [1, None, 4])],
        label_heading="Day",
        **kwargs,
    )


def test_running_total_and_nice_ceiling():
    assert charts.running_total([1, None, 2, 3]) == [1, 1, 3, 6]
    assert charts.nice_ceiling(0) == (1, 1)
    assert charts.nice_ceiling(7) == (8, 2)
    assert charts.nice_ceiling(10) == (10, 2)
    assert charts.nice_ceiling(1234) == (1600, 400)


def test_line_chart_is_an_image_with_title_and_description():
    html = render(line_chart())

    assert 'role="img"' in html
    assert 'aria-labelledby="chart-joined-title chart-joined-desc"' in html
    assert '<title id="chart-joined-title">New members</title>' in html
    description = re.search(r'<desc id="chart-joined-desc">(.*?)</desc>', html, re.S).group(1)
    assert "Members who joined." in description
    assert "This period: from 0 to 10, highest 10." in description


def test_line_chart_points_follow_the_values():
    geometry = charts.layout(line_chart())
    first, second = geometry["series"]

    # x from the plot's left to its right; y from the bottom (0) to the top (10).
    assert first["points"] == "56.0,200.0 300.0,108.0 544.0,16.0"
    # A missing value is a gap: the previous period has two points.
    assert second["points"] == "56.0,181.6 544.0,126.4"
    assert [tick["label"] for tick in geometry["y_ticks"]] == ["0", "2", "4", "6", "8", "10"]


def test_series_differ_by_more_than_colour():
    html = render(line_chart())

    assert 'class="chart-series chart-series--1"' in html
    assert 'class="chart-series chart-series--2"' in html
    # Each line ends with its name and last value.
    assert "This period: 10</text>" in html
    assert "Previous period: 4</text>" in html


def test_bars_have_heights_and_patterns():
    chart = Chart(
        slug="seats",
        title="Seats",
        description="",
        labels=["Jan", "Feb"],
        series=[Series("Registrations", [10, 4]), Series("Check-ins", [5, 0])],
        kind=charts.BARS,
    )
    geometry = charts.layout(chart)

    heights = [[bar["height"] for bar in serie["bars"]] for serie in geometry["series"]]
    assert heights == [[184.0, 73.6], [92.0, 0.0]]
    html = render(chart)
    assert 'fill="url(#chart-seats-pattern-2)"' in html
    assert "style=" not in html


def test_stacked_bars_sit_on_each_other():
    chart = Chart(
        slug="backlog",
        title="Backlog",
        description="",
        labels=["Submissions"],
        series=[Series("new", [3]), Series("old", [2])],
        kind=charts.STACKED,
    )
    lower, upper = (serie["bars"][0] for serie in charts.layout(chart)["series"])

    assert lower["y"] == pytest.approx(upper["y"] + upper["height"])


def test_table_alternative_and_csv_link():
    html = render(line_chart(), csv_url="/insight/members.csv?period=30")

    assert "<details" in html
    assert "Data table: New members" in html
    assert '<th scope="row">2 Mar</th><td class="number">5</td><td class="number">—</td>' in html
    assert 'href="/insight/members.csv?period=30" download' in html


def test_csv_has_a_header_and_a_row_per_label():
    rows = list(csv.reader(io.StringIO(charts.chart_csv(line_chart()))))

    assert rows == [
        ["Day", "This period", "Previous period"],
        ["1 Mar", "0", "1"],
        ["2 Mar", "5", ""],
        ["3 Mar", "10", "4"],
    ]


def test_empty_chart_says_so():
    chart = line_chart()
    chart.series = [Series("This period", [0, 0, 0])]

    assert "Nothing to show for this period." in render(chart)


def test_sparkline_and_calendar():
    spark = Chart(
        slug="s", title="Points", description="", labels=["a", "b"], series=[Series("P", [0, 4])]
    )
    spark.kind = charts.SPARKLINE
    assert charts.sparkline_layout(spark)["points"] == "2.0,30.0 118.0,2.0"
    assert 'role="img"' in render(spark)

    days = [date(2026, 3, 2) + timedelta(days=offset) for offset in range(14)]
    values = [0] * 14
    values[3], values[10] = 1, 4
    calendar = Chart(
        slug="cal",
        title="Contributions",
        description="",
        labels=[day.isoformat() for day in days],
        series=[Series("Contributions", values)],
        kind=charts.CALENDAR,
        days=days,
    )
    cells = charts.calendar_layout(calendar)["cells"]
    assert [cell["level"] for cell in cells if cell["level"]] == [1, 4]
    # Thursday of the first week: column 0, row 3.
    assert (cells[3]["x"], cells[3]["y"]) == (32, 16 + 3 * 13)
    assert "<title>2026-03-12: 4</title>" in render(calendar)


def test_working_calendar_matches_working_days_between(db):
    from community_portal.core.models import CalendarDay, CalendarDayKind

    CalendarDay.objects.create(date=date(2026, 2, 17), kind=CalendarDayKind.HOLIDAY, name="Spring")
    CalendarDay.objects.create(
        date=date(2026, 2, 14), kind=CalendarDayKind.WORKING_DAY, name="Make-up"
    )
    start = date(2026, 2, 1)
    calendar = WorkingCalendar(start, date(2026, 3, 31))

    for first in (start, date(2026, 2, 13), date(2026, 2, 16)):
        for last in (date(2026, 2, 14), date(2026, 2, 20), date(2026, 3, 31)):
            assert calendar.between(first, last) == working_days_between(first, last)
    with pytest.raises(ValueError):
        calendar.between(start, date(2026, 4, 2))


def test_calendar_chart_has_a_cell_a_day():
    chart = charts.calendar_chart(
        slug="contributions",
        title="Contributions",
        description="Selected submissions by day.",
        counts={date(2026, 3, 4): 2},
        start=date(2026, 3, 1),
        end=date(2026, 3, 31),
        series_name="Selected",
    )

    html = render(chart)
    assert html.count('class="chart-heat chart-heat--') == 31 + 5  # the days and the legend
    assert "<title>March 4, 2026: 2</title>" in html
    assert "Selected: 2 in all, highest 2." in html


def test_months_between_and_day_buckets():
    assert charts.months_between(date(2025, 11, 20), date(2026, 2, 1)) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    assert charts.months_between(date(2026, 3, 1), date(2026, 2, 1)) == []
    days = charts.day_buckets(date(2026, 1, 1), date(2026, 1, 3))
    assert days == [(date(2026, 1, d), date(2026, 1, d)) for d in (1, 2, 3)]
    weeks = charts.day_buckets(date(2026, 1, 1), date(2026, 1, 16), most=10)
    assert weeks == [
        (date(2026, 1, 1), date(2026, 1, 7)),
        (date(2026, 1, 8), date(2026, 1, 14)),
        (date(2026, 1, 15), date(2026, 1, 16)),
    ]
    counts = {date(2026, 1, 2): 1, date(2026, 1, 7): 2, date(2026, 1, 16): 4, date(2027, 1, 1): 9}
    assert charts.bucket_sums(counts, weeks) == [3, 0, 4]


def test_empty_chart_with_words_shows_them_instead_of_axes():
    chart = line_chart(empty_text="No points yet.")
    chart.series = [Series("This period", [0, 0, 0])]

    html = render(chart)

    assert 'data-testid="chart-joined-empty"' in html
    assert "No points yet." in html
    assert "<svg" not in html and "<table" not in html and ".csv" not in html


def test_compact_chart_is_drawn_at_its_own_width():
    geometry = charts.layout(line_chart(width=400, height=200))

    assert (geometry["width"], geometry["height"]) == (400, 200)
    assert geometry["plot_right"] == 400 - charts.MARGIN_RIGHT
    assert 'viewBox="0 0 400 200"' in render(line_chart(width=400, height=200))


def test_calendar_can_be_told_by_another_table_and_scrolls_in_its_box():
    start = date(2026, 3, 1)
    chart = charts.calendar_chart(
        slug="days",
        title="Contributions",
        description="A square a day.",
        counts={date(2026, 3, 2): 2, date(2026, 4, 3): 1},
        start=start,
        end=date(2026, 4, 30),
        series_name="Contributions",
    )
    chart.table_chart = Chart(
        slug="months",
        title="Contributions",
        description="",
        labels=["March", "April"],
        series=[Series("Contributions", [2, 1])],
        label_heading="Month",
    )

    html = render(chart)

    assert '<div class="chart-scroll" tabindex="0" role="group"' in html
    assert '<th scope="row">March</th><td class="number">2</td>' in html
    assert html.count('<th scope="row">') == 2  # months, not 61 days
    assert html.count("chart-heat--") == 61 + 5  # the days stay in the drawing


def test_x_axis_names_fewer_labels_on_a_narrow_chart_and_never_crowds_the_last():
    # 14 labels, 6 at most: every third, but the 13th (index 12) would touch the last.
    assert charts._x_label_indexes(14) == {0, 3, 6, 9, 13}
    assert charts._x_label_indexes(15) == {0, 3, 6, 9, 12, 14}
    assert charts._x_label_indexes(4) == {0, 1, 2, 3}
    labels = [f"M{n}" for n in range(24)]
    chart = Chart(
        slug="narrow",
        title="Points",
        description="",
        labels=labels,
        series=[Series("Balance", list(range(24)))],
        width=400,
    )
    shown = [label["label"] for label in charts.layout(chart)["x_labels"]]
    assert shown == ["M0", "M6", "M12", "M18", "M23"]

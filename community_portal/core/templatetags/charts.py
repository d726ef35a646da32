"""``{% chart chart csv_url %}``: an SVG chart, its table and its CSV link (core/charts.py)."""

from django import template
from django.template.loader import render_to_string

from community_portal.core import charts

register = template.Library()

_TEMPLATES = {
    charts.LINE: ("includes/charts/line.svg.html", charts.layout),
    charts.AREA: ("includes/charts/line.svg.html", charts.layout),
    charts.BARS: ("includes/charts/bars.svg.html", charts.layout),
    charts.STACKED: ("includes/charts/bars.svg.html", charts.layout),
    charts.SPARKLINE: ("includes/charts/sparkline.svg.html", charts.sparkline_layout),
    charts.CALENDAR: ("includes/charts/calendar.svg.html", charts.calendar_layout),
    charts.TABLE: ("", lambda chart: {}),
}


@register.simple_tag
def chart(chart: charts.Chart, csv_url: str = "", table: bool = True):
    """The figure: the drawing, the data table (in ``<details>``) and the CSV link."""
    svg_template, layout = _TEMPLATES[chart.kind]
    if chart.horizontal and chart.kind in (charts.BARS, charts.STACKED):
        svg_template = "includes/charts/hbars.svg.html"
    geometry = layout(chart)
    tabled = chart.table_chart or chart
    rows = [(label, [charts.format_value(v) for v in values]) for label, values in tabled.rows()]
    return render_to_string(
        "includes/charts/figure.html",
        {
            "chart": chart,
            "svg_template": svg_template,
            "geometry": geometry,
            # The key says which series is which (the drawing is aria-hidden there:
            # the table and the description say it in words).
            "key": len(chart.series) > 1 and chart.kind in charts.KEYED,
            "lines": chart.kind in (charts.LINE, charts.AREA),
            "summary": charts.summary(chart),
            "rows": rows,
            "tabled": tabled,
            "csv_url": csv_url,
            "table": table,
            # Nothing to draw: the chart's own words say so instead of empty axes.
            "empty": bool(chart.empty_text) and chart.is_empty,
            # A year of days is wider than a phone: the calendar scrolls in its box.
            "scroll": chart.kind == charts.CALENDAR,
        },
    )

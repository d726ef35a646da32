"""The pictures of points and contributions (issue 15): a member's balance over time,
their contribution calendar and a campaign's activity over its window, as charts
(``community_portal.core.charts``) built from the selectors' grouped counts."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from community_portal.core import charts
from community_portal.core.charts import Chart, Series
from community_portal.core.page_cache import cached_result
from submissions import selectors
from submissions.models import Campaign

# The points picture shows this many months at most (the total before them is its start).
POINTS_MONTHS = 24
# The member pictures are drawn narrow, so their words stay legible on a phone.
COMPACT_WIDTH, COMPACT_HEIGHT = 400, 220


def _month_label(month: date) -> str:
    return date_format(month, "YEAR_MONTH_FORMAT")


def points_chart(*, member, today: date) -> Chart:
    """The member's balance at the end of each month: a running total of the ledger,
    ending at the balance the points page states."""
    changes = selectors.points_by_month(member=member)
    months = charts.months_between(min(changes), today) if changes else []
    shown = months[-POINTS_MONTHS:]
    before = sum(value for month, value in changes.items() if shown and month < shown[0])
    totals = charts.running_total([changes.get(month, 0) for month in shown])
    return Chart(
        slug="points-over-time",
        title=_("Your points over time"),
        description=_("Your balance at the end of each month."),
        labels=[_month_label(month) for month in shown],
        axis_labels=[date_format(month, "YEAR_MONTH_FORMAT") for month in shown],
        series=[Series(_("Balance"), [before + total for total in totals])],
        kind=charts.AREA,
        label_heading=_("Month"),
        width=COMPACT_WIDTH,
        height=COMPACT_HEIGHT,
        empty_text=_("No points yet: the picture starts with your first points."),
    )


def contribution_calendar(*, member, today: date) -> Chart:
    """The last 12 months of the member's contributions that earned points, a square
    a day; the table under it counts them month by month."""
    start = today - relativedelta(years=1) + timedelta(days=1)
    counts = selectors.contributions_by_day(member=member, since=start)
    name = _("Contributions")
    months = charts.months_between(start, today)
    by_month = {month: 0 for month in months}
    for day, count in counts.items():
        by_month[day.replace(day=1)] += count
    chart = charts.calendar_chart(
        slug="contributions",
        title=_("Contributions in the last 12 months"),
        description=_(
            "A square for each day, darker on days with more contributions that earned points."
        ),
        counts=counts,
        start=start,
        end=today,
        series_name=name,
    )
    chart.empty_text = _("No contributions in the last 12 months.")
    chart.table_chart = Chart(
        slug="contributions-by-month",
        title=chart.title,
        description=chart.description,
        labels=[_month_label(month) for month in months],
        series=[Series(name, [by_month[month] for month in months])],
        kind=charts.BARS,
        label_heading=_("Month"),
    )
    return chart


def days_left(*, campaign: Campaign, today: date) -> int | None:
    """Whole days of the window left after today (0: today is the last day); None
    when the campaign is not open."""
    if not campaign.is_open_on(today):
        return None
    return (campaign.closes_on - today).days


def campaign_chart(*, campaign: Campaign, today: date) -> Chart:
    """Submissions and selections so far, as running totals over the whole window
    (by day, or by week for a long campaign): the part still to come is left blank."""
    buckets = charts.day_buckets(campaign.opens_on, campaign.closes_on)
    # A large campaign has thousands of submissions: their counts are kept until
    # one changes (signed-in visitors skip the page cache).
    activity = cached_result(
        f"submissions:campaign-activity:{campaign.pk}",
        ("submissions",),
        lambda: selectors.campaign_activity(campaign=campaign),
    )
    past = [first <= today for first, _last in buckets]

    def so_far(counts: dict[date, int]) -> list[int | None]:
        totals = charts.running_total(charts.bucket_sums(counts, buckets))
        return [total if seen else None for total, seen in zip(totals, past, strict=True)]

    weekly = bool(buckets) and buckets[0][0] != buckets[0][1]
    if weekly:
        labels = [
            _("Week of %(date)s") % {"date": date_format(first, "DATE_FORMAT")}
            for first, _last in buckets
        ]
    else:
        labels = [date_format(first, "DATE_FORMAT") for first, _last in buckets]
    if today < campaign.opens_on:
        empty = _("The campaign opens on %(date)s: its submissions are counted from then.") % {
            "date": date_format(campaign.opens_on, "DATE_FORMAT")
        }
    else:
        empty = _("No submissions yet.")
    return Chart(
        slug="campaign-activity",
        title=_("Submissions and selections"),
        description=(
            _(
                "How many submissions were sent and how many were selected, in all, by "
                "the end of each week of the campaign."
            )
            if weekly
            else _(
                "How many submissions were sent and how many were selected, in all, by "
                "the end of each day of the campaign."
            )
        ),
        labels=labels,
        axis_labels=[date_format(first, "MONTH_DAY_FORMAT") for first, _last in buckets],
        series=[
            Series(_("Submissions"), so_far(activity.submitted)),
            Series(_("Selected"), so_far(activity.selected)),
        ],
        kind=charts.LINE,
        label_heading=_("Week") if weekly else _("Day"),
        width=COMPACT_WIDTH + 80,
        height=COMPACT_HEIGHT,
        empty_text=empty,
    )

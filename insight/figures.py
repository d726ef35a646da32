"""The dashboard's words: the measures of ``selectors.community_health`` as figures
(this period beside the previous one) and as charts (``community_portal.core.charts``)."""

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community_portal.core.charts import (
    AREA,
    BARS,
    STACKED,
    TABLE,
    Chart,
    Series,
    format_value,
    running_total,
)
from insight.periods import Period
from insight.selectors import BACKLOG_AGES, REVIEW_KINDS
from members.enums import TierLevel
from programs.enums import ApplicationState

KIND_NAMES = {
    "submissions": gettext_lazy("Submissions"),
    "program_applications": gettext_lazy("Program applications"),
    "tier_requests": gettext_lazy("Tier requests"),
    "certifications": gettext_lazy("Certification applications"),
    "volunteering": gettext_lazy("Volunteer applications"),
    "station_founding": gettext_lazy("Station founding requests"),
    "station_joins": gettext_lazy("Station join requests"),
}
AGE_NAMES = {
    "0-7": gettext_lazy("up to 7 working days"),
    "8-14": gettext_lazy("8 to 14 working days"),
    "15-30": gettext_lazy("15 to 30 working days"),
    "31+": gettext_lazy("over 30 working days"),
}


# Which parts of ``selectors.community_health`` each chart is drawn from.
CHART_PARTS = {
    "members": ("members",),
    "contributions": ("contributors",),
    "review_times": ("reviews",),
    "backlog": ("reviews",),
    "attendance": ("events",),
    "stations": ("events",),
    "tiers": ("tiers",),
    "points": ("points",),
    "pipeline": ("pipeline",),
}


@dataclass(frozen=True)
class Figure:
    slug: str
    label: str
    current: str
    previous: str


def _count(value) -> str:
    return format_value(value)


def _percent(value: float | None) -> str:
    if value is None:
        return "—"
    return _("%(value)s %%") % {"value": format_value(round(value * 100, 1))}


def _days(value: int | None) -> str:
    if value is None:
        return "—"
    return format_value(value)


def _percent_number(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def bucket_label(period: Period, day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT" if period.daily else "YEAR_MONTH_FORMAT")


def axis_label(period: Period, day: date) -> str:
    """The axis leaves the year out of a day (the table's labels have it)."""
    return date_format(day, "MONTH_DAY_FORMAT" if period.daily else "YEAR_MONTH_FORMAT")


def figures(data: dict) -> list[Figure]:
    contributors, events = data["contributors"], data["events"]
    stations, certificates = data["stations"], data["certificates"]
    members = data["members"]

    def pair(slug, label, current, previous, shown=_count):
        return Figure(slug, label, shown(current), shown(previous))

    return [
        pair("new-members", _("New members"), members["current"], members["previous"]),
        pair(
            "new-contributors",
            _("New contributors"),
            contributors["new"]["current"],
            contributors["new"]["previous"],
        ),
        pair(
            "active-contributors",
            _("Active contributors"),
            contributors["active"]["current"],
            contributors["active"]["previous"],
        ),
        pair(
            "inactive-contributors",
            _("Inactive contributors"),
            contributors["inactive"]["current"],
            contributors["inactive"]["previous"],
        ),
        pair(
            "retention",
            _("Contributor retention"),
            contributors["retention"]["current"],
            contributors["retention"]["previous"],
            _percent,
        ),
        pair("events", _("Events held"), events["events"], events["events_previous"]),
        pair(
            "registrations",
            _("Registrations"),
            events["registrations"],
            events["registrations_previous"],
        ),
        pair("checkins", _("Check-ins"), events["checkins"], events["checkins_previous"]),
        pair(
            "attendance",
            _("Attendance rate"),
            events["rate"],
            events["rate_previous"],
            _percent,
        ),
        pair(
            "active-stations",
            _("Active stations"),
            stations["active"],
            stations["active_previous"],
        ),
        pair(
            "dormant-stations",
            _("Stations without an event"),
            stations["dormant"],
            stations["dormant_previous"],
        ),
        pair(
            "certificates-issued",
            _("Certificates issued"),
            certificates["issued"],
            certificates["issued_previous"],
        ),
        pair(
            "certificates-expiring",
            _("Certificates expiring"),
            certificates["expiring"],
            certificates["expiring_previous"],
        ),
        pair(
            "certificates-renewed",
            _("Certificates renewed"),
            certificates["renewed"],
            certificates["renewed_previous"],
        ),
    ]


def _aligned(values: list, length: int) -> list:
    return (list(values) + [None] * length)[:length]


def charts(data: dict, period: Period) -> dict[str, Chart]:
    """Every chart of the dashboard, by slug (the slug names its CSV download too)."""
    labels = [bucket_label(period, day) for day in period.buckets()]
    axis = [axis_label(period, day) for day in period.buckets()]
    length = len(labels)
    step = _("Day") if period.daily else _("Month")
    members, contributors, events = data["members"], data["contributors"], data["events"]
    reviews = data["reviews"]
    previous_members = running_total(members["series"]["previous"])
    built = [
        Chart(
            slug="members",
            title=_("New members, running total"),
            description=_(
                "Members who joined since the period's start, beside the previous period "
                "at the same point."
            ),
            labels=labels,
            series=[
                Series(_("This period"), running_total(members["series"]["current"])),
                Series(_("Previous period"), _aligned(previous_members, length)),
            ],
            kind=AREA,
            label_heading=step,
            axis_labels=axis,
        ),
        Chart(
            slug="contributions",
            title=_("Selected submissions and active contributors"),
            description=_(
                "Submissions selected in each day or month, and how many members wrote them."
            ),
            labels=labels,
            series=[
                Series(_("Selected submissions"), contributors["selected_series"]),
                Series(_("Active contributors"), contributors["authors_series"]),
            ],
            kind=BARS,
            label_heading=step,
            axis_labels=axis,
        ),
        Chart(
            slug="review_times",
            title=_("Time to first response and to decision, in working days"),
            description=_("For the requests answered in the period, per kind of review."),
            labels=[str(KIND_NAMES[kind.slug]) for kind in REVIEW_KINDS],
            series=[
                Series(
                    name,
                    [reviews[kind.slug][measure][part][key] for kind in REVIEW_KINDS],
                )
                for name, measure, part, key in (
                    (_("Answered"), "response", "current", "count"),
                    (_("First response, median"), "response", "current", "median"),
                    (_("First response, 90th percentile"), "response", "current", "p90"),
                    (
                        _("First response, median (previous period)"),
                        "response",
                        "previous",
                        "median",
                    ),
                    (_("Decided"), "decision", "current", "count"),
                    (_("Decision, median"), "decision", "current", "median"),
                    (_("Decision, 90th percentile"), "decision", "current", "p90"),
                    (_("Decision, median (previous period)"), "decision", "previous", "median"),
                )
            ],
            kind=TABLE,
            label_heading=_("Kind of review"),
        ),
        Chart(
            slug="backlog",
            title=_("Review backlog by age"),
            description=_("Requests waiting for a reviewer today, by how long they have waited."),
            labels=[str(KIND_NAMES[kind.slug]) for kind in REVIEW_KINDS],
            series=[
                Series(
                    str(AGE_NAMES[age]),
                    [reviews[kind.slug]["backlog"][age] for kind in REVIEW_KINDS],
                )
                for _upper, age in BACKLOG_AGES
            ],
            kind=STACKED,
            label_heading=_("Kind of review"),
            horizontal=True,
        ),
        Chart(
            slug="attendance",
            title=_("Registrations and check-ins"),
            description=_("Seats taken and people checked in at the events held."),
            labels=labels,
            series=[
                Series(_("Registrations"), events["registrations_series"]),
                Series(_("Check-ins"), events["checkins_series"]),
            ],
            kind=BARS,
            label_heading=step,
            axis_labels=axis,
        ),
        Chart(
            slug="stations",
            title=_("Attendance per station"),
            description=_("The stations that held the most events in the period."),
            labels=[row["name"] for row in events["per_station"]],
            series=[
                Series(_("Events held"), [row["events"] for row in events["per_station"]]),
                Series(_("Registrations"), [row["registrations"] for row in events["per_station"]]),
                Series(_("Check-ins"), [row["checkins"] for row in events["per_station"]]),
                Series(
                    _("Attendance rate (%)"),
                    [_percent_number(row["rate"]) for row in events["per_station"]],
                ),
            ],
            kind=TABLE,
            label_heading=_("Station"),
        ),
        Chart(
            slug="tiers",
            title=_("Members by tier"),
            description=_("Active members in each tier today."),
            labels=[_("No tier yet"), *(str(label) for label in TierLevel.labels)],
            series=[
                Series(
                    _("Members"),
                    [data["tiers"].get(level, 0) for level in (None, *TierLevel.values)],
                )
            ],
            kind=BARS,
            label_heading=_("Tier"),
            horizontal=True,
        ),
        Chart(
            slug="points",
            title=_("Points awarded per month"),
            description=_("Points earned by members, corrections left out."),
            labels=[
                date_format(month, "YEAR_MONTH_FORMAT") for month, _n in data["points"]["months"]
            ],
            series=[Series(_("Points"), [total for _month, total in data["points"]["months"]])],
            kind=BARS,
            label_heading=_("Month"),
        ),
        Chart(
            slug="pipeline",
            title=_("Program applications by state"),
            description=_("Applications submitted in the period, by where they stand now."),
            labels=[str(label) for value, label in ApplicationState.choices if value != "draft"],
            series=[
                Series(
                    name,
                    [
                        data["pipeline"].get(value, {}).get(key, 0)
                        for value, _label in ApplicationState.choices
                        if value != "draft"
                    ],
                )
                for name, key in ((_("This period"), "current"), (_("Previous period"), "previous"))
            ],
            kind=BARS,
            label_heading=_("State"),
            horizontal=True,
        ),
    ]
    return {chart.slug: chart for chart in built}

"""The station page's picture (issue 15): attendance of its latest events."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from community_portal.core import charts
from community_portal.core.charts import Chart, Series
from stations import selectors
from stations.models import Station


def attendance_chart(*, station: Station, now=None) -> Chart:
    """Seats taken and members checked in at each of the station's latest events."""
    events = selectors.station_recent_attendance(station=station, now=now)
    zone = timezone.get_current_timezone()
    days = [timezone.localtime(event.starts_at, zone).date() for event in events]
    return Chart(
        slug="attendance",
        title=_("Attendance of recent events"),
        description=_(
            "For each of the station's latest events, oldest first: the seats taken and "
            "the members who were checked in."
        ),
        labels=[
            _("%(title)s, %(date)s") % {"title": event.title, "date": date_format(day)}
            for event, day in zip(events, days, strict=True)
        ],
        axis_labels=[date_format(day, "MONTH_DAY_FORMAT") for day in days],
        series=[
            Series(_("Registered"), [event.registered for event in events]),
            Series(_("Checked in"), [event.attended for event in events]),
        ],
        kind=charts.BARS,
        label_heading=_("Event"),
        width=400,
        height=220,
        empty_text=_("No event has taken place yet."),
    )

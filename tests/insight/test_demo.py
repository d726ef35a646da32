"""The demo's two years of history (insight.demo): every figure and chart of the
dashboard has something to show, for the default period and the one before, and
the members' pictures have months of activity to draw."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from insight import figures
from insight.forms import DEFAULT_PRESET
from insight.periods import last_days
from insight.selectors import Filters, community_health
from members.models import User
from stations.enums import RegistrationState, StationState
from stations.models import Registration, Station
from submissions.enums import SubmissionState
from submissions.models import Campaign, PointEntry, Submission
from submissions.points_summary import summary_differences

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    # The test runner switches DEBUG off; seed_demo is for development machines.
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())


def _empty_figures(data) -> list[str]:
    return [
        f"{figure.slug} ({which})"
        for figure in figures.figures(data)
        for which, shown in (("this period", figure.current), ("previous", figure.previous))
        if shown in ("0", "—")
    ]


def _flat_charts(data, period) -> list[str]:
    """The charts whose values are all the same (no shape), by slug."""
    flat = []
    for slug, chart in figures.charts(data, period).items():
        values = {value for series in chart.series for value in series.values}
        if len(values - {None}) < 2:
            flat.append(slug)
    return flat


def test_every_figure_and_chart_has_a_shape_now_and_in_the_periods_before(demo):
    default = last_days(int(DEFAULT_PRESET))
    for period in (default, default.previous):
        data = community_health(period, Filters())

        assert _empty_figures(data) == [], period
        assert _flat_charts(data, period) == [], period
        # Each series that follows the days of the period moves.
        for slug in ("members", "contributions", "attendance"):
            chart = figures.charts(data, period)[slug]
            for series in chart.series:
                assert len(set(series.values) - {None}) > 1, (period, slug, series.name)

    year = last_days(365)
    data = community_health(year, Filters())

    assert _flat_charts(data, year) == []
    points = [total for _month, total in data["points"]["months"]]
    assert len(set(points)) > 6


def test_the_history_is_believable(demo):
    today = timezone.localdate()
    # Growth: more members joined in the last year than in the year before.
    joined = User.objects.filter(date_joined__date__gt=today - timedelta(days=365)).count()
    joined_before = User.objects.filter(
        date_joined__date__lte=today - timedelta(days=365),
        date_joined__date__gt=today - timedelta(days=730),
    ).count()
    assert joined > joined_before > 0
    # A dormant station, whose last event is months old.
    wuhan = Station.objects.get(slug="wuhan")
    assert wuhan.state == StationState.DORMANT
    last = wuhan.events.order_by("-starts_at").first()
    assert last.starts_at.date() < today - timedelta(days=180)
    # Reviews waiting now, some for a long time (the backlog has every age).
    waiting = Submission.objects.filter(state=SubmissionState.SUBMITTED)
    ages = {(today - s.submitted_at.date()).days for s in waiting}
    assert min(ages) < 7 and max(ages) > 30

    # Points went through the ledger: the leaderboards' summary agrees with it.
    assert summary_differences() == []


def test_members_pictures_have_two_years_to_draw(demo):
    today = timezone.localdate()
    two_years_ago = timezone.now() - timedelta(days=730)
    member = User.objects.get(username="member")
    # Points over time and the contribution calendar.
    months = {
        timezone.localtime(moment).strftime("%Y-%m")
        for moment in PointEntry.objects.filter(
            member=member, created_at__gte=two_years_ago
        ).values_list("created_at", flat=True)
    }
    assert len(months) >= 4
    days = Submission.objects.filter(
        author=member, submitted_at__date__gt=today - timedelta(days=365)
    ).dates("submitted_at", "day")
    assert len(days) >= 3
    # Station attendance: check-ins at many of Shanghai's events.
    attended = (
        Registration.objects.filter(
            event__station__slug="shanghai", state=RegistrationState.ATTENDED
        )
        .values("event")
        .distinct()
        .count()
    )
    assert attended >= 12
    # The campaign open today: submissions and selections on several days of its window.
    campaign = Campaign.objects.get(slug="operations-stories")
    submitted = campaign.submissions.dates("submitted_at", "day")
    selected = campaign.submissions.filter(state=SubmissionState.SELECTED).dates(
        "selected_at", "day"
    )
    assert len(submitted) >= 5 and len(selected) >= 3

"""Pictures of points and contributions (issue 15): the points page's running total,
the profile's contribution calendar, a campaign's activity with the days left, and
avatars linking to profiles on the leaderboards. Each chart is checked for its data
on hand-built ledgers with known answers, for its text alternative, and for the
empty state that replaces an empty drawing."""

import re
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from submissions import figures, services
from tests.factories.members import MemberFactory
from tests.factories.submissions import CampaignFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)


def local(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def at_today():
    with time_machine.travel(local(TODAY), tick=False):
        yield


def values(chart, index=0):
    return list(chart.series[index].values)


# --- Points over time --------------------------------------------------------------------


def test_points_chart_is_the_running_balance_by_month(award, reviewer, at_today):
    member = MemberFactory()
    award(member, 100, awarded_at=local(date(2026, 3, 2)))
    award(member, 50, awarded_at=local(date(2026, 3, 30)))
    wrong = award(member, 30, awarded_at=local(date(2026, 5, 10)))
    services.points_reverse(entry=wrong, reason="Oops", reversed_by=reviewer)

    chart = figures.points_chart(member=member, today=TODAY)

    # March 150; April nothing new; May +30; June -30 (the correction, made today).
    assert chart.labels == ["March 2026", "April 2026", "May 2026", "June 2026"]
    assert values(chart) == [150, 150, 180, 150]


def test_points_chart_starts_from_the_total_before_its_window(award):
    member = MemberFactory()
    award(member, 10, awarded_at=local(date(2022, 1, 5)))
    award(member, 5, awarded_at=local(date(2026, 6, 1)))

    chart = figures.points_chart(member=member, today=TODAY)

    assert len(chart.labels) == figures.POINTS_MONTHS
    assert chart.labels[0] == "July 2024"
    assert values(chart)[0] == 10
    assert values(chart)[-1] == 15


def test_points_page_draws_the_picture_with_its_table(member_client, member, award, at_today):
    award(member, 100, awarded_at=local(date(2026, 5, 3)))
    award(member, 20, awarded_at=local(date(2026, 6, 1)))

    page = member_client.get(reverse("submissions:points")).content.decode()

    assert 'data-testid="chart-points-over-time"' in page
    description = re.search(r'<desc id="chart-points-over-time-desc">(.*?)</desc>', page, re.S)
    assert "Balance: from 100 to 120, highest 120." in description.group(1)
    assert '<th scope="row">May 2026</th><td class="number">100</td>' in page
    assert '<th scope="row">June 2026</th><td class="number">120</td>' in page


def test_points_page_without_points_says_so_instead_of_drawing(member_client):
    page = member_client.get(reverse("submissions:points")).content.decode()

    assert 'data-testid="chart-points-over-time-empty"' in page
    assert "No points yet: the picture starts with your first points." in page
    assert "<svg" not in page.split('data-testid="chart-points-over-time"')[1].split("</figure>")[0]


# --- The contribution calendar -----------------------------------------------------------


def test_calendar_counts_contributions_by_day_for_the_last_12_months(award, reviewer, at_today):
    member = MemberFactory()
    award(member, 100, awarded_at=local(date(2026, 6, 1), hour=9))
    award(member, 100, awarded_at=local(date(2026, 6, 1), hour=23))  # still 1 June, locally
    award(member, 100, awarded_at=local(date(2026, 2, 10)))
    award(member, 100, awarded_at=local(date(2025, 6, 15)))  # a year ago: outside
    wrong = award(member, 100, awarded_at=local(date(2026, 4, 1)))
    services.points_reverse(entry=wrong, reason="Oops", reversed_by=reviewer)

    chart = figures.contribution_calendar(member=member, today=TODAY)

    assert chart.days[0] == date(2025, 6, 16)
    assert chart.days[-1] == TODAY
    by_day = dict(zip(chart.days, values(chart), strict=True))
    assert by_day[date(2026, 6, 1)] == 2
    assert by_day[date(2026, 2, 10)] == 1
    assert by_day[date(2026, 4, 1)] == 0  # a corrected award was never earned
    assert sum(values(chart)) == 3
    # The table tells the year month by month.
    table = dict(chart.table_chart.rows())
    assert len(table) == 13  # June 2025 (from the 16th) to June 2026
    assert table["February 2026"] == [1]
    assert table["June 2026"] == [2]


def test_profile_shows_the_calendar_with_a_monthly_table(client, award, at_today):
    member = MemberFactory()
    award(member, 100, awarded_at=local(date(2026, 6, 1)))

    page = client.get(member.get_absolute_url()).content.decode()

    assert 'data-testid="chart-contributions"' in page
    assert 'class="chart-scroll" tabindex="0"' in page
    assert "Contributions: 1 in all, highest 1." in page
    assert '<th scope="row">June 2026</th><td class="number">1</td>' in page
    assert page.count('class="chart-heat chart-heat--') == 365 + 5  # the days, the legend


def test_profile_of_a_newcomer_has_no_empty_calendar(client):
    member = MemberFactory()

    page = client.get(member.get_absolute_url()).content.decode()

    assert "No contributions in the last 12 months." in page
    assert "chart-heat" not in page


def test_profile_calendar_follows_a_new_award_through_the_page_cache(client, award, at_today):
    member = MemberFactory()
    assert "No contributions" in client.get(member.get_absolute_url()).content.decode()

    award(member, 100, awarded_at=local(TODAY))

    assert "Contributions: 1 in all" in client.get(member.get_absolute_url()).content.decode()


# --- A campaign's activity ---------------------------------------------------------------


def submitted_on(campaign, day: date, *, selected_on: date | None = None):
    submission = SubmissionFactory(campaign=campaign)
    submission.created_at = local(day)
    if selected_on:
        submission.state = "selected"
        submission.selected_at = submission.decided_at = local(selected_on)
    submission.save()
    return submission


def test_campaign_chart_has_running_totals_so_far_and_blanks_to_come():
    campaign = CampaignFactory(opens_on=date(2026, 6, 10), closes_on=date(2026, 6, 20))
    submitted_on(campaign, date(2026, 6, 10), selected_on=date(2026, 6, 12))
    submitted_on(campaign, date(2026, 6, 10))
    submitted_on(campaign, date(2026, 6, 13), selected_on=date(2026, 6, 15))

    chart = figures.campaign_chart(campaign=campaign, today=TODAY)

    assert len(chart.labels) == 11  # a point a day of the window
    to_come = [None] * 5
    assert values(chart, 0) == [2, 2, 2, 3, 3, 3, *to_come]
    assert values(chart, 1) == [0, 0, 1, 1, 1, 2, *to_come]
    assert figures.days_left(campaign=campaign, today=TODAY) == 5


def test_long_campaign_is_counted_by_week():
    campaign = CampaignFactory(opens_on=date(2026, 1, 1), closes_on=date(2026, 6, 30))
    submitted_on(campaign, date(2026, 1, 1))
    submitted_on(campaign, date(2026, 1, 7))  # the same first week
    submitted_on(campaign, date(2026, 1, 8))

    chart = figures.campaign_chart(campaign=campaign, today=TODAY)

    assert len(chart.labels) == 26  # 181 days: 25 weeks and a 6-day one
    assert chart.labels[0] == "Week of Jan. 1, 2026"
    assert values(chart, 0)[:3] == [2, 3, 3]
    assert chart.label_heading == "Week"


def test_days_left_only_while_open():
    campaign = CampaignFactory(opens_on=date(2026, 6, 1), closes_on=TODAY)

    assert figures.days_left(campaign=campaign, today=TODAY) == 0
    assert figures.days_left(campaign=campaign, today=TODAY + timedelta(days=1)) is None
    assert figures.days_left(campaign=campaign, today=date(2026, 5, 31)) is None


def test_campaign_page_shows_the_activity_and_the_days_left(client, at_today):
    campaign = CampaignFactory(opens_on=date(2026, 6, 10), closes_on=date(2026, 6, 20))
    submitted_on(campaign, date(2026, 6, 11), selected_on=date(2026, 6, 12))

    page = client.get(campaign.get_absolute_url()).content.decode()

    assert "5 days left after today." in page
    assert "Submissions: from 0 to 1, highest 1." in page
    assert "Selected: from 0 to 1, highest 1." in page
    assert '<th scope="row">June 20, 2026</th><td class="number">—</td>' in page


def test_campaign_without_submissions_says_so(client, at_today):
    open_one = CampaignFactory(opens_on=date(2026, 6, 10), closes_on=date(2026, 6, 20))
    upcoming = CampaignFactory(opens_on=date(2026, 7, 1), closes_on=date(2026, 7, 31))

    open_page = client.get(open_one.get_absolute_url()).content.decode()
    upcoming_page = client.get(upcoming.get_absolute_url()).content.decode()

    assert "No submissions yet." in open_page
    assert "The campaign opens on July 1, 2026" in upcoming_page
    assert "days left" not in upcoming_page
    assert "chart-line" not in open_page + upcoming_page


# --- Avatars on the leaderboards ---------------------------------------------------------


def test_leaderboard_rows_link_to_profiles_with_avatars(client, award):
    leader = MemberFactory(display_name="Lin Wei")
    leader.avatar.name = "avatars/lin.png"
    leader.save()
    award(leader, 100)
    award(MemberFactory(display_name="Zhang Min"), 50)

    page = client.get(reverse("submissions:leaderboard")).content.decode()

    assert f'<a class="person" href="{leader.get_absolute_url()}">' in page
    assert 'src="/media/avatars/lin.png"' in page
    # Without an avatar, the initial stands in (hidden from screen readers: the name follows).
    assert '<span class="avatar avatar--small avatar--initial" aria-hidden="true">Z</span>' in page


def test_campaign_activity_is_counted_once_until_a_submission_changes(
    django_assert_num_queries, at_today
):
    campaign = CampaignFactory(opens_on=date(2026, 6, 10), closes_on=date(2026, 6, 20))
    submitted_on(campaign, date(2026, 6, 11))
    figures.campaign_chart(campaign=campaign, today=TODAY)

    with django_assert_num_queries(0):
        kept = figures.campaign_chart(campaign=campaign, today=TODAY)
    submitted_on(campaign, date(2026, 6, 12))
    with django_assert_num_queries(1):  # the grouped counts, both in one query
        fresh = figures.campaign_chart(campaign=campaign, today=TODAY)

    assert values(kept, 0)[:3] == [0, 1, 1]
    assert values(fresh, 0)[:3] == [0, 1, 2]

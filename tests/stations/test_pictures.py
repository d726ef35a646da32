"""The station page's pictures (issue 15): attendance of its latest events as a
small chart with its table, and avatars linking to the leadership's profiles."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from stations import figures
from stations.enums import EventState
from tests.factories.stations import EventFactory, MembershipFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def held(station, days_ago, *, registered=0, attended=0, **kwargs):
    event = EventFactory(
        station=station, starts_at=timezone.now() - timedelta(days=days_ago), **kwargs
    )
    RegistrationFactory.create_batch(registered, event=event)
    RegistrationFactory.create_batch(attended, event=event, attended=True)
    RegistrationFactory(event=event, waitlisted=True)  # never counted
    return event


def test_attendance_counts_seats_and_check_ins_oldest_first(station):
    older = held(station, 20, registered=3, attended=5, title="Meetup 1")
    newer = held(station, 5, registered=1, attended=2, title="Meetup 2")
    # A cancelled event did not take place.
    held(station, 10, registered=9, state=EventState.CANCELLED, cancelled_at=timezone.now())
    EventFactory(station=station)  # still to come

    chart = figures.attendance_chart(station=station)

    assert [label.split(",")[0] for label in chart.labels] == [older.title, newer.title]
    assert list(chart.series[0].values) == [8, 3]  # seats taken: registered or checked in
    assert list(chart.series[1].values) == [5, 2]


def test_attendance_shows_the_latest_events_only(station):
    for days_ago in range(1, 12):
        held(station, days_ago, attended=days_ago)

    chart = figures.attendance_chart(station=station)

    assert len(chart.labels) == 8
    assert list(chart.series[1].values) == [8, 7, 6, 5, 4, 3, 2, 1]


def test_station_page_draws_attendance_with_a_table(client, station):
    held(station, 3, registered=2, attended=4, title="Spring meetup")

    page = client.get(reverse("stations:detail", args=[station.slug])).content.decode()

    assert 'data-testid="chart-attendance"' in page
    assert "Registered: 6 in all, highest 6. Checked in: 4 in all, highest 4." in page
    assert "Data table: Attendance of recent events" in page
    assert 'data-value="4"' in page


def test_station_without_held_events_has_no_empty_chart(client, station):
    EventFactory(station=station)

    page = client.get(reverse("stations:detail", args=[station.slug])).content.decode()

    assert "No event has taken place yet." not in page  # no past events: the list says so
    held(station, 2)
    page = client.get(reverse("stations:detail", args=[station.slug])).content.decode()
    assert "No event has taken place yet." in page  # held, nobody came: no empty axes
    assert "chart-bar" not in page


def test_leadership_links_to_profiles_with_avatars(client, station, lead):
    deputy = MembershipFactory(station=station, deputy=True).member

    page = client.get(reverse("stations:detail", args=[station.slug])).content.decode()

    assert f'<a class="person" href="{lead.get_absolute_url()}">' in page
    assert f'<a class="person" href="{deputy.get_absolute_url()}">' in page

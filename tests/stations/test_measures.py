"""What the stations app tells other apps: events attended and station roles."""

from datetime import datetime

import pytest

from members import progress
from stations.selectors import events_attended_count, station_roles_for_member
from tests.factories.members import MemberFactory
from tests.factories.stations import (
    EventFactory,
    MembershipFactory,
    RegistrationFactory,
    StationFactory,
)

pytestmark = pytest.mark.django_db

CUTOFF = datetime.fromisoformat("2025-11-21T00:00:00+08:00")


@pytest.fixture
def attendee():
    member = MemberFactory()
    for start in (
        "2025-11-20T19:00:00+08:00",
        "2025-11-21T00:00:00+08:00",
        "2026-01-10T14:00+08:00",
    ):
        RegistrationFactory(
            member=member,
            event=EventFactory(starts_at=datetime.fromisoformat(start)),
            attended=True,
        )
    RegistrationFactory(member=member)  # registered, never checked in
    RegistrationFactory(member=member, waitlisted=True)
    return member


def test_events_attended_counts_check_ins_only(attendee):
    assert events_attended_count(member=attendee) == 3


def test_events_attended_since_counts_from_that_moment_on(attendee):
    assert events_attended_count(member=attendee, since=CUTOFF) == 2


def test_station_roles_list_the_members_roles_with_their_stations(django_assert_num_queries):
    member = MemberFactory()
    MembershipFactory(member=member, station=StationFactory(name="Hangzhou"), committee=True)
    MembershipFactory(member=member, station=StationFactory(name="Chengdu"), deputy=True)
    MembershipFactory(member=member, station=StationFactory(name="Shanghai"))
    lead_of = StationFactory(name="Wuhan", lead=member)

    with django_assert_num_queries(1):
        roles = [(m.station.name, m.role) for m in station_roles_for_member(member=member)]

    assert roles == [(lead_of.name, "lead"), ("Chengdu", "deputy"), ("Hangzhou", "committee")]


def test_the_measures_are_registered():
    attended = progress.get_measure("stations.events_attended")
    roles = progress.get_measure("stations.roles")

    assert attended.counts_as_activity is True
    assert roles.counts_as_activity is False


def test_the_registered_measures_count(attendee):
    StationFactory(lead=attendee)

    assert progress.measure_member(
        attendee, ["stations.events_attended", "stations.roles"], since=CUTOFF
    ) == {"stations.events_attended": 2, "stations.roles": 1}


def test_a_check_in_makes_a_member_active_and_a_role_does_not():
    member = MemberFactory()
    StationFactory(lead=member)
    assert progress.member_was_active_since(member, CUTOFF) is False

    RegistrationFactory(
        member=member,
        event=EventFactory(starts_at=datetime.fromisoformat("2026-01-10T14:00+08:00")),
        attended=True,
    )

    assert progress.member_was_active_since(member, CUTOFF) is True

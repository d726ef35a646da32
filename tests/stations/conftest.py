"""Fixtures of the stations tests: a station with its whole cast."""

import pytest

from members import progress
from tests.factories.members import MemberFactory, ReviewerFactory
from tests.factories.stations import EventFactory, MembershipFactory, StationFactory


@pytest.fixture
def lead(db):
    return MemberFactory(username="lead")


@pytest.fixture
def station(lead):
    return StationFactory(name="Shanghai", slug="shanghai", lead=lead)


@pytest.fixture
def deputy(station):
    return MembershipFactory(station=station, deputy=True).member


@pytest.fixture
def committee_member(station):
    return MembershipFactory(station=station, committee=True).member


@pytest.fixture
def station_member(station):
    return MembershipFactory(station=station).member


@pytest.fixture
def other_station(db):
    return StationFactory(name="Hangzhou", slug="hangzhou")


@pytest.fixture
def other_lead(other_station):
    return other_station.memberships.get(role="lead").member


@pytest.fixture
def event(station):
    return EventFactory(station=station, capacity=2)


@pytest.fixture
def other_event(other_station):
    return EventFactory(station=other_station)


@pytest.fixture
def active_measure(monkeypatch):
    """Only a fake activity measure, answering from a set of active member ids."""
    active_ids = set()
    monkeypatch.setattr(progress, "_measures", dict(progress._measures))
    progress.register_measure(
        "test.activity",
        label="test activity",
        count=lambda member, since=None: int(member.pk in active_ids),
        counts_as_activity=True,
    )
    return active_ids


@pytest.fixture
def reviewer_user(db):
    return ReviewerFactory()

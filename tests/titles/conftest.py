"""Fixtures of the titles tests: a station whose lead changes hands, and its people."""

import pytest

from tests.factories.members import MemberFactory, ReviewerFactory
from tests.factories.stations import MembershipFactory, StationFactory


@pytest.fixture
def lead(db):
    return MemberFactory(username="lead", display_name="Chen Jie")


@pytest.fixture
def station(lead):
    return StationFactory(name="Shanghai", slug="shanghai", lead=lead)


@pytest.fixture
def successor(station):
    return MembershipFactory(station=station, member=MemberFactory(username="successor")).member


@pytest.fixture
def other_lead(db):
    other = MemberFactory(username="other-lead")
    StationFactory(name="Hangzhou", slug="hangzhou", lead=other)
    return other


@pytest.fixture
def reviewer(db):
    return ReviewerFactory(username="reviewer")


@pytest.fixture
def another_member(db):
    return MemberFactory(username="someone-else")

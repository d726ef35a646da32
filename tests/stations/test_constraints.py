"""The database itself refuses rows that break the stations' rules."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from stations.enums import EventState, FoundingState, RegistrationState, StationRole
from stations.models import Event, Membership, StationLogEntry, name_key
from tests.factories.stations import (
    EventFactory,
    FoundingRequestFactory,
    MembershipFactory,
    RegistrationFactory,
    StationFactory,
)

pytestmark = pytest.mark.django_db


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


@pytest.mark.parametrize(
    ("first", "second"),
    [("Shanghai", "shanghai"), ("Shanghai", "Shang Hai"), ("Xi an", "XI-AN"), ("成都", "成 都")],
)
def test_name_key_ignores_case_and_spacing(first, second):
    assert name_key(first) == name_key(second)


def test_name_key_tells_different_cities_apart():
    assert name_key("Shanghai") != name_key("Shangrao")


def test_database_refuses_a_second_station_with_the_same_name_key():
    StationFactory(name="Shanghai", slug="shanghai")

    refused(lambda: StationFactory(name="Shang Hai", slug="shang-hai"))


def test_database_refuses_a_station_without_a_name_key():
    refused(lambda: StationFactory(name="   ", name_key=""))


def test_database_refuses_a_second_lead():
    station = StationFactory()

    refused(lambda: MembershipFactory(station=station, lead=True))


def test_database_accepts_many_deputies_and_committee_members():
    station = StationFactory()
    MembershipFactory.create_batch(2, station=station, deputy=True)
    MembershipFactory.create_batch(3, station=station, committee=True)

    assert station.memberships.count() == 6


def test_database_refuses_a_member_twice_in_one_station():
    membership = MembershipFactory()

    refused(lambda: MembershipFactory(station=membership.station, member=membership.member))


def test_database_refuses_a_role_without_its_date():
    station = StationFactory()

    refused(lambda: MembershipFactory(station=station, role=StationRole.DEPUTY, role_since=None))


def test_database_refuses_two_pending_founding_requests_for_one_name():
    FoundingRequestFactory(name="Shenzhen")

    refused(lambda: FoundingRequestFactory(name="shen zhen"))


def test_database_accepts_a_new_founding_request_after_a_rejection():
    FoundingRequestFactory(name="Shenzhen", state=FoundingState.REJECTED, decided_at=timezone.now())

    assert FoundingRequestFactory(name="Shenzhen").state == FoundingState.PENDING


def test_database_refuses_an_approved_founding_request_without_its_station():
    refused(lambda: FoundingRequestFactory(state=FoundingState.APPROVED, decided_at=timezone.now()))


def test_database_refuses_an_event_ending_before_it_starts():
    start = timezone.now() + timedelta(days=1)

    refused(lambda: EventFactory(starts_at=start, ends_at=start - timedelta(hours=1)))


def test_database_refuses_an_event_without_seats():
    refused(lambda: EventFactory(capacity=0))


def test_database_refuses_an_event_without_place_or_link():
    refused(lambda: EventFactory(venue="", online_url=""))


def test_database_refuses_a_cancelled_event_without_its_date():
    refused(lambda: EventFactory(state=EventState.CANCELLED))


def test_database_refuses_a_second_registration_of_one_member():
    registration = RegistrationFactory()

    refused(lambda: RegistrationFactory(event=registration.event, member=registration.member))


def test_database_refuses_a_waiting_registration_without_its_place():
    refused(lambda: RegistrationFactory(state=RegistrationState.WAITLISTED))


def test_database_refuses_a_check_in_without_its_time():
    refused(lambda: RegistrationFactory(state=RegistrationState.ATTENDED))


def test_database_refuses_a_history_entry_about_nothing():
    refused(lambda: StationLogEntry.objects.create(action="page_edited"))


def test_models_read_well_in_lists():
    registration = RegistrationFactory(event__title="Kickoff", member__display_name="Lin")

    assert str(registration) == "Lin @ Kickoff"
    assert str(Event.objects.get()) == "Kickoff"
    assert str(Membership.objects.filter(role="lead").first()).endswith(
        f"@ {registration.event.station.name}"
    )

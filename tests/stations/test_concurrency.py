"""Parallel transactions on PostgreSQL: never more registered than the capacity, and a
decision sent twice at once (founding, joining, a seat) has the effect of one."""

import threading

import pytest
from django.db import connection

from community_portal.notifications.models import Notification
from stations import services
from stations.enums import FoundingState, LogAction, RegistrationState
from stations.models import Membership, Registration, Station, StationLogEntry
from tests.factories.members import MemberFactory, ReviewerFactory
from tests.factories.stations import (
    EventFactory,
    FoundingRequestFactory,
    MembershipFactory,
    StationFactory,
)
from tests.parallel import refusals, run_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_in_parallel(actions):
    barrier = threading.Barrier(len(actions))
    errors = []

    def run(action):
        try:
            barrier.wait()
            action()
        except Exception as error:  # collected and asserted by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def count(event, state):
    return Registration.objects.filter(event=event, state=state).count()


def test_parallel_registrations_never_exceed_the_capacity():
    event = EventFactory(capacity=3)
    people = MemberFactory.create_batch(12)

    errors = run_in_parallel(
        [lambda p=p: services.registration_create(event=event, member=p) for p in people]
    )

    assert errors == []
    assert count(event, RegistrationState.REGISTERED) == 3
    assert count(event, RegistrationState.WAITLISTED) == 9


def test_parallel_cancellations_hand_each_seat_to_a_different_waiting_person():
    event = EventFactory(capacity=4)
    holders = MemberFactory.create_batch(4)
    seats = [services.registration_create(event=event, member=p) for p in holders]
    waiting = MemberFactory.create_batch(6)
    for person in waiting:
        services.registration_create(event=event, member=person)

    errors = run_in_parallel(
        [
            lambda r=r, p=p: services.registration_cancel(registration=r, member=p)
            for r, p in zip(seats, holders, strict=True)
        ]
    )

    assert errors == []
    assert count(event, RegistrationState.REGISTERED) == 4
    promoted = set(
        Registration.objects.filter(event=event, state=RegistrationState.REGISTERED).values_list(
            "member_id", flat=True
        )
    )
    # The first four in the queue, whatever order the cancellations came in.
    assert promoted == {p.pk for p in waiting[:4]}
    assert count(event, RegistrationState.WAITLISTED) == 2


def test_parallel_registrations_and_cancellations_keep_the_count_right():
    event = EventFactory(capacity=2)
    holders = MemberFactory.create_batch(2)
    seats = [services.registration_create(event=event, member=p) for p in holders]
    newcomers = MemberFactory.create_batch(6)

    actions = [
        lambda r=r, p=p: services.registration_cancel(registration=r, member=p)
        for r, p in zip(seats, holders, strict=True)
    ] + [lambda p=p: services.registration_create(event=event, member=p) for p in newcomers]
    errors = run_in_parallel(actions)

    assert errors == []
    assert count(event, RegistrationState.REGISTERED) == 2
    assert count(event, RegistrationState.WAITLISTED) == 4


# --- Decisions sent twice at once have the effect of one ---------------------------------


def test_one_founding_approved_twice_at_once_founds_one_station():
    founding = FoundingRequestFactory()
    reviewers = ReviewerFactory.create_batch(2)

    results = run_at_once(
        [
            lambda who=who: services.founding_request_approve(
                founding_request=founding, reviewer=who
            )
            for who in reviewers
        ]
    )

    assert len(refusals(results, services.StationError)) == 1
    assert Station.objects.filter(name=founding.name).count() == 1
    founding.refresh_from_db()
    assert founding.state == FoundingState.APPROVED
    assert Membership.objects.filter(station=founding.station).count() == 1
    assert (
        StationLogEntry.objects.filter(
            founding_request=founding, action=LogAction.FOUNDING_APPROVED
        ).count()
        == 1
    )


def test_one_join_request_accepted_by_two_managers_at_once_makes_one_membership():
    lead = MemberFactory()
    station = StationFactory(lead=lead)
    deputy = MembershipFactory(station=station, deputy=True).member
    newcomer = MemberFactory()
    join_request = services.join_request_create(station=station, member=newcomer)

    results = run_at_once(
        [
            lambda who=who: services.join_request_accept(join_request=join_request, actor=who)
            for who in (lead, deputy)
        ]
    )

    assert len(refusals(results, services.StationError)) == 1
    assert Membership.objects.filter(station=station, member=newcomer).count() == 1
    assert (
        StationLogEntry.objects.filter(station=station, action=LogAction.JOIN_ACCEPTED).count() == 1
    )
    assert (
        Notification.objects.filter(
            recipient=newcomer, subject="Welcome to the %(station)s station"
        ).count()
        == 1
    )


def test_a_double_click_on_register_takes_one_seat():
    event = EventFactory(capacity=5)
    member = MemberFactory()

    results = run_at_once(
        [lambda: services.registration_create(event=event, member=member) for _ in range(2)]
    )

    assert len(refusals(results, services.StationError)) == 1
    assert Registration.objects.filter(event=event, member=member).count() == 1
    assert count(event, RegistrationState.REGISTERED) == 1


def test_the_last_seat_wanted_by_two_at_once_goes_to_one():
    event = EventFactory(capacity=1)
    people = MemberFactory.create_batch(2)

    results = run_at_once(
        [lambda p=p: services.registration_create(event=event, member=p) for p in people]
    )

    assert refusals(results, services.StationError) == []
    assert count(event, RegistrationState.REGISTERED) == 1
    assert count(event, RegistrationState.WAITLISTED) == 1


def test_a_double_click_on_cancel_promotes_one_waiting_person():
    event = EventFactory(capacity=1)
    holder = MemberFactory()
    seat = services.registration_create(event=event, member=holder)
    waiting = MemberFactory.create_batch(2)
    for person in waiting:
        services.registration_create(event=event, member=person)

    results = run_at_once(
        [lambda: services.registration_cancel(registration=seat, member=holder) for _ in range(2)]
    )

    assert len(refusals(results, services.StationError)) == 1
    promoted = Registration.objects.filter(event=event, state=RegistrationState.REGISTERED)
    assert list(promoted.values_list("member", flat=True)) == [waiting[0].pk]
    assert count(event, RegistrationState.WAITLISTED) == 1

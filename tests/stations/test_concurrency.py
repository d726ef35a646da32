"""Parallel registrations on PostgreSQL: never more registered than the capacity."""

import threading

import pytest
from django.db import connection

from stations import services
from stations.enums import RegistrationState
from stations.models import Registration
from tests.factories.members import MemberFactory
from tests.factories.stations import EventFactory

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

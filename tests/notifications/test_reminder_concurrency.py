"""Two workers running the same reminder at the same moment remind each member once:
proven with real transactions on PostgreSQL."""

import threading
from unittest import mock

import pytest
import time_machine
from django.db import connection

from community_portal.notifications import services
from community_portal.notifications.models import Notification
from tests.reminders import SCENARIOS

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WORKERS = 2


@pytest.mark.parametrize("name", SCENARIOS)
def test_two_workers_at_once_remind_each_member_once(name, mailoutbox):
    scenario = SCENARIOS[name](5)
    barrier = threading.Barrier(WORKERS, timeout=20)
    original = services.notifications_unsent
    results, errors = [], []

    def unsent_then_wait(planned):
        # Both workers have found every key free before either writes: the race at its worst.
        fresh = original(planned)
        barrier.wait()
        return fresh

    def worker():
        try:
            results.append(scenario.reminder())
        except Exception as error:  # reported below, with the thread's own traceback lost
            errors.append(error)
        finally:
            connection.close()

    # Time runs on (tick): each worker has its own creation time, as real workers do.
    with (
        time_machine.travel(scenario.when),
        mock.patch.object(services, "notifications_unsent", unsent_then_wait),
    ):
        threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert errors == []
    assert sorted(len(reminded) for reminded in results) == [0, 5]
    members = sorted(member.pk for member in scenario.members)
    # The reminders (the daily digest's scenario holds keyless notifications already).
    reminders = Notification.objects.filter(key__isnull=False)
    assert sorted(reminders.values_list("recipient", flat=True)) == members
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        member.email for member in scenario.members
    )

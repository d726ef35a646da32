"""Two workers running the same reminder at the same moment remind each member once:
proven with real transactions on PostgreSQL."""

import sys
import threading
from unittest import mock

import pytest
import time_machine
from django.db import connection

from community_portal.notifications import reminders as reminders_module
from community_portal.notifications import services
from community_portal.notifications.models import Notification
from tests.parallel import run_at_once
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


@pytest.mark.parametrize("name", ["events", "campaign-ends", "daily-digest"])
def test_two_runs_stored_in_many_batches_remind_each_member_once(name, monkeypatch):
    # Batches of 2: each run stores 7 reminders in four statements, one transaction;
    # the second run waits for the first (its lock) and finds every key taken.
    scenario = SCENARIOS[name](7)
    monkeypatch.setattr(reminders_module, "PLAN_BATCH_SIZE", 2)
    monkeypatch.setattr(sys.modules[scenario.run.__module__], "BULK_BATCH_SIZE", 2)

    with time_machine.travel(scenario.when):
        results = run_at_once([scenario.run] * WORKERS)

    assert sorted(results) == [0, 7]
    assert sorted(
        Notification.objects.filter(key__isnull=False).values_list("recipient", flat=True)
    ) == sorted(member.pk for member in scenario.members)

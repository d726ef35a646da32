"""Two workers taking the same notification at once: proven with real transactions."""

import threading
import time
from unittest import mock

import pytest
from django.db import connection

from community_portal.notifications import delivery
from community_portal.notifications.enums import DeliveryOutcome, EmailState
from community_portal.notifications.models import Notification
from tests.factories.members import MemberFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_workers_at_once_deliver_one_email(mailoutbox):
    member = MemberFactory()
    notification = Notification.objects.create(recipient=member, subject="Hello")
    barrier = threading.Barrier(4)
    outcomes = []
    original_send = delivery.EmailMultiAlternatives.send

    def slow_send(message, *args, **kwargs):
        time.sleep(0.3)  # keep the first worker inside its send while the others arrive
        return original_send(message, *args, **kwargs)

    def worker():
        try:
            barrier.wait()
            outcomes.append(delivery.notification_deliver_email(notification_id=notification.pk))
        finally:
            connection.close()

    with mock.patch.object(delivery.EmailMultiAlternatives, "send", slow_send):
        threads = [threading.Thread(target=worker) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    notification.refresh_from_db()
    assert sorted(outcomes) == sorted([DeliveryOutcome.SENT] + [DeliveryOutcome.BUSY] * 3)
    assert len(mailoutbox) == 1
    assert notification.email_state == EmailState.SENT
    assert notification.email_attempts == 1

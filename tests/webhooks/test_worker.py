"""A real Celery worker process delivers webhooks after the commit (REDIS_URL set)."""

import pytest

from community_portal.webhooks import tasks
from community_portal.webhooks.enums import DeliveryState
from community_portal.webhooks.models import Delivery
from tests.webhooks.events import plan_change_and_cancel_event
from tests.workers import wait_for, worker  # noqa: F401  (the worker fixture)

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_real_worker_delivers_each_webhook_once(worker, receiver, endpoint):  # noqa: F811
    plan_change_and_cancel_event()  # three changes, each committed

    def delivered():
        return Delivery.objects.filter(state=DeliveryState.DELIVERED).count() == 3

    assert wait_for(delivered), "the worker did not deliver the webhooks"

    # The same task arriving again (a redelivery, or the sweep) sends nothing more.
    ids = list(Delivery.objects.values_list("pk", flat=True))
    tasks.deliver_webhooks.delay(ids)
    plan_change_and_cancel_event()
    assert wait_for(lambda: Delivery.objects.filter(state=DeliveryState.DELIVERED).count() == 6)
    assert len(receiver.requests) == 6
    assert len(set(receiver.ids())) == 6
    receiver.verified()

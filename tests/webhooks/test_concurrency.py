"""Two workers given the same deliveries at the same instant POST each of them once."""

import pytest

from community_portal.notifications.models import Notification
from community_portal.webhooks import services
from community_portal.webhooks.delivery import deliveries_send, endpoint_disable
from community_portal.webhooks.enums import DeliveryState
from community_portal.webhooks.models import Delivery
from tests.parallel import run_at_once
from tests.webhooks.events import plan_change_and_cancel_event

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_workers_send_each_delivery_once(receiver, endpoint, monkeypatch):
    # Committed, but not handed to a worker: the four below are the workers.
    monkeypatch.setattr(services, "enqueue_delivery", lambda ids: True)
    plan_change_and_cancel_event()
    ids = list(Delivery.objects.values_list("pk", flat=True))

    results = run_at_once([lambda: deliveries_send(delivery_ids=ids)] * 4)

    assert sorted(receiver.ids()) == sorted(set(receiver.ids()))
    assert len(receiver.requests) == 3
    assert sum(list(r.values()).count("delivered") for r in results) == 3
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.DELIVERED}


def test_two_workers_disabling_an_endpoint_tell_its_owner_once(endpoint):
    results = run_at_once(
        [lambda: endpoint_disable(endpoint=endpoint, reason="Every attempt failed.")] * 4
    )

    assert sorted(results) == [False, False, False, True]
    assert Notification.objects.filter(recipient=endpoint.owner).count() == 1

"""Webhooks reach a real local receiver: once each, signed, retried with the same id."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from community_portal.notifications.models import Notification
from community_portal.webhooks.delivery import webhooks_requeue_due
from community_portal.webhooks.enums import DeliveryState
from community_portal.webhooks.models import Delivery, Message
from tests.factories.webhooks import EndpointFactory
from tests.webhooks.events import EVERY_TYPE, fire_every_event, plan_change_and_cancel_event

pytestmark = pytest.mark.django_db


def sweep(on_commit, *, after: timedelta):
    """The sweep, as beat runs it ``after`` from now."""
    with time_machine.travel(timezone.now() + after, tick=False), on_commit():
        return webhooks_requeue_due()


def test_every_event_is_delivered_once_and_signed(receiver, endpoint, on_commit):
    with on_commit():
        fire_every_event()

    received = receiver.verified()
    assert sorted(message["type"] for message in received) == EVERY_TYPE
    assert len(set(receiver.ids())) == len(EVERY_TYPE)
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.DELIVERED}


def test_each_endpoint_gets_only_the_types_it_subscribes_to(receiver, on_commit):
    events_only = EndpointFactory(url=receiver.url, event_types=["event.cancelled"])
    EndpointFactory(url=receiver.url, event_types=["station.founded"], is_active=True)
    EndpointFactory(url=receiver.url, event_types=["event.cancelled"], is_active=False)

    with on_commit():
        plan_change_and_cancel_event()

    assert receiver.types() == ["event.cancelled"]
    assert Delivery.objects.get().endpoint == events_only


def test_a_rolled_back_change_sends_nothing(receiver, endpoint, on_commit):
    with pytest.raises(RuntimeError), on_commit():
        from django.db import transaction

        with transaction.atomic():
            plan_change_and_cancel_event()
            raise RuntimeError("the change fails after its events were written")

    assert receiver.requests == []
    assert Message.objects.count() == 0


def test_receiver_down_for_a_while_gets_everything_once_back(receiver, endpoint, on_commit):
    receiver.stop()
    with on_commit():
        plan_change_and_cancel_event()  # created, changed, cancelled
    assert Delivery.objects.filter(state=DeliveryState.PENDING, attempts=1).count() == 3

    sweep(on_commit, after=timedelta(minutes=2))  # still down
    receiver.start()
    sweep(on_commit, after=timedelta(minutes=30))

    received = receiver.verified()
    assert sorted(message["type"] for message in received) == [
        "event.cancelled",
        "event.changed",
        "event.created",
    ]
    assert set(receiver.ids()) == set(Message.objects.values_list("public_id", flat=True))
    # While down, the sweep tried the first and deferred the other two with it.
    assert list(Delivery.objects.order_by("pk").values_list("attempts", flat=True)) == [3, 2, 2]
    assert sweep(on_commit, after=timedelta(hours=12)) == 0  # nothing left to send
    assert len(receiver.requests) == 3


def test_every_retry_carries_the_same_id_and_a_fresh_signature(receiver, endpoint, on_commit):
    receiver.status = 503
    with on_commit():
        plan_change_and_cancel_event()
    first = {message["id"]: message for message in receiver.verified()}

    receiver.status = 200
    sweep(on_commit, after=timedelta(minutes=5))

    retries = receiver.requests[3:]
    assert {headers["webhook-id"] for headers, _body in retries} == set(first)
    assert all(
        headers["webhook-timestamp"] != old_headers["webhook-timestamp"]
        for (headers, _b), (old_headers, _o) in zip(retries, receiver.requests[:3], strict=False)
        if headers["webhook-id"] == old_headers["webhook-id"]
    )
    receiver.verified()  # every attempt verifies, the retries included
    delivery = Delivery.objects.first()
    assert (delivery.state, delivery.last_status_code, delivery.attempts) == ("delivered", 200, 2)
    assert [attempt.status_code for attempt in delivery.log.order_by("attempted_at")] == [503, 200]


def test_failures_back_off_exponentially(receiver, endpoint, on_commit):
    receiver.status = 500
    with on_commit():
        plan_change_and_cancel_event()
    delivery = Delivery.objects.order_by("pk").first()
    waits = []
    for _ in range(4):
        delivery.refresh_from_db()
        waits.append((delivery.next_attempt_at - delivery.last_attempt_at).total_seconds())
        sweep(on_commit, after=delivery.next_attempt_at - timezone.now() + timedelta(seconds=1))

    # 30 s doubling, plus up to 10 % jitter
    assert [round(wait / 30) for wait in waits] in ([1, 2, 4, 8], [1, 2, 4, 9])
    assert delivery.last_response.endswith("…") and len(delivery.last_response) == 500


def test_endpoint_failing_for_days_is_disabled_and_its_owner_told(
    receiver, endpoint, on_commit, settings, caplog
):
    settings.WEBHOOK_DISABLE_AFTER_DAYS = 3
    receiver.status = 500
    with on_commit():
        plan_change_and_cancel_event()
    start = timezone.now()

    for hours in range(6, 72, 6):  # an attempt every 6 hours, all failing
        with time_machine.travel(start + timedelta(hours=hours), tick=False), on_commit():
            webhooks_requeue_due()
        endpoint.refresh_from_db()
        assert endpoint.is_active
    with time_machine.travel(start + timedelta(hours=73), tick=False), on_commit():
        webhooks_requeue_due()

    endpoint.refresh_from_db()
    assert not endpoint.is_active
    assert endpoint.disabled_reason == "Every attempt failed for 3 days."
    notice = Notification.objects.get(recipient=endpoint.owner)
    assert notice.subject_text == f"Webhook endpoint disabled: {endpoint.description}"
    assert "127.0.0.1" in notice.body_text and "3 days" in notice.body_text
    assert endpoint.secret not in notice.body_text + caplog.text

    sent = len(receiver.requests)
    receiver.status = 200
    sweep(on_commit, after=timedelta(days=5))
    assert len(receiver.requests) == sent  # a disabled endpoint is sent nothing


def test_a_success_resets_the_failing_period(receiver, endpoint, on_commit, settings):
    settings.WEBHOOK_DISABLE_AFTER_DAYS = 3
    receiver.status = 500
    with on_commit():
        plan_change_and_cancel_event()
    start = timezone.now()
    receiver.status = 200
    with time_machine.travel(start + timedelta(days=2), tick=False), on_commit():
        webhooks_requeue_due()
        plan_change_and_cancel_event()
    receiver.status = 500
    with time_machine.travel(start + timedelta(days=4), tick=False), on_commit():
        plan_change_and_cancel_event()
        webhooks_requeue_due()

    endpoint.refresh_from_db()
    assert endpoint.is_active
    assert Notification.objects.filter(recipient=endpoint.owner).count() == 0


def test_gone_disables_at_once(receiver, endpoint, on_commit):
    receiver.status = 410
    with on_commit():
        plan_change_and_cancel_event()

    endpoint.refresh_from_db()
    assert not endpoint.is_active
    assert endpoint.disabled_reason == "The endpoint answered 410 Gone."
    assert Notification.objects.filter(recipient=endpoint.owner).count() == 1


def test_reactivated_endpoint_gets_what_waited(receiver, endpoint, on_commit):
    from community_portal.webhooks.services import endpoint_activate

    receiver.status = 410
    with on_commit():
        plan_change_and_cancel_event()
    receiver.status = 200
    with on_commit():
        plan_change_and_cancel_event()  # nothing for a disabled endpoint
    with on_commit():
        endpoint_activate(endpoint=endpoint)

    assert Delivery.objects.filter(state=DeliveryState.DELIVERED).count() == 3
    assert Message.objects.count() == 3


def test_broker_down_at_commit_the_sweep_sends_it(receiver, endpoint, on_commit, monkeypatch):
    from community_portal.webhooks import tasks

    def broker_down(ids):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(tasks.deliver_webhooks, "delay", broker_down)
    with on_commit():
        plan_change_and_cancel_event()  # commits anyway
    assert Delivery.objects.filter(state=DeliveryState.PENDING, attempts=0).count() == 3
    monkeypatch.undo()

    assert sweep(on_commit, after=timedelta(seconds=30)) == 0  # left to the task at first
    assert sweep(on_commit, after=timedelta(minutes=2)) == 3

    assert sorted(receiver.types()) == ["event.cancelled", "event.changed", "event.created"]

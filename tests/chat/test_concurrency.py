"""Workers posting at once, with real transactions: one post per delivery, and one
rate limit shared by every worker."""

import threading

import pytest
from django.db import connection

from community_portal.chat.delivery import chat_deliver
from community_portal.chat.enums import ChatOutcome, MessageKind, Provider
from community_portal.chat.models import ChatDelivery, ChatMessage
from tests.factories.chat import ChatChannelFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_at_once(count, work):
    barrier = threading.Barrier(count)
    results = []

    def worker(index):
        try:
            barrier.wait()
            results.append(work(index))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def deliveries(channel, count):
    messages = ChatMessage.objects.bulk_create(
        ChatMessage(kind=MessageKind.REVIEW_DIGEST, title=f"Message {n}") for n in range(count)
    )
    return [ChatDelivery.objects.create(message=m, channel=channel).pk for m in messages]


def test_four_workers_on_one_delivery_post_it_once(receiver):
    channel = ChatChannelFactory(provider=Provider.SLACK, base=receiver.base)
    [pk] = deliveries(channel, 1)
    receiver.delay = 0.3  # the first worker is still posting when the others arrive

    outcomes = run_at_once(4, lambda _i: chat_deliver(delivery_ids=[pk])[pk].outcome)

    assert sorted(outcomes) == sorted([ChatOutcome.SENT] + [ChatOutcome.BUSY] * 3)
    assert receiver.titles() == ["Message 0"]


def test_workers_share_the_channels_rate_limit(receiver):
    channel = ChatChannelFactory(provider=Provider.DINGTALK, base=receiver.base)
    ids = deliveries(channel, 20)

    results = run_at_once(4, lambda i: chat_deliver(delivery_ids=ids[i * 5 : (i + 1) * 5]))

    outcomes = [r.outcome for result in results for r in result.values()]
    # The bucket holds 10: the other 10 wait for it to refill.
    assert outcomes.count(ChatOutcome.SENT) == 10
    assert outcomes.count(ChatOutcome.POSTPONED) == 10
    assert len(receiver.received) == 10

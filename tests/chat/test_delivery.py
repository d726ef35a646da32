"""Chat delivery against a local receiver that checks every provider's signature:
each message once, none lost while the receiver is down, the rate limit respected,
and the credentials never in an error, a status or a log."""

import logging
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import transaction

from community_portal.chat.delivery import chat_requeue_undelivered
from community_portal.chat.enums import Audience, DeliveryState, MessageKind, Provider
from community_portal.chat.models import ChatChannel, ChatDelivery
from community_portal.chat.services import chat_post
from tests.factories.chat import SECRETS, TOKENS, ChatChannelFactory

pytestmark = pytest.mark.django_db

START = datetime(2026, 10, 7, 1, 0, tzinfo=UTC)


def post(title: str, **extra):
    return chat_post(kind=MessageKind.REVIEW_DIGEST, title=title, url="/admin/", **extra)


def credentials() -> list[str]:
    pieces = [*SECRETS.values()]
    for token in TOKENS.values():
        pieces += [token, *(part for part in token.split("/") if len(part) > 6)]
    return pieces


def assert_no_credentials(text: str) -> None:
    for piece in credentials():
        assert piece not in text


def test_each_provider_gets_its_signed_message_once(
    receiver, reviewer_channels, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post("Three reviews are waiting")

    assert receiver.refused == []
    assert sorted(r.provider for r in receiver.received) == sorted(Provider.values)
    assert set(receiver.titles()) == {"Three reviews are waiting"}
    assert set(ChatDelivery.objects.values_list("state", flat=True)) == {DeliveryState.SENT}
    assert all(c.last_status.startswith("sent") for c in ChatChannel.objects.all())

    with time_machine.travel(datetime.now(UTC) + timedelta(hours=2)):
        chat_requeue_undelivered()
    assert len(receiver.received) == len(Provider.values)


def test_markdown_cards_in_each_providers_format(
    receiver, reviewer_channels, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        chat_post(
            kind=MessageKind.REVIEW_DIGEST,
            title="Digest",
            body="**2** waiting <b>",
            url="/admin/",
        )

    payloads = {r.provider: r.payload for r in receiver.received}
    assert payloads["wecom"]["markdown"]["content"].startswith("### Digest\n\n**2** waiting")
    assert payloads["dingtalk"]["markdown"]["title"] == "Digest"
    assert "[Open in the portal](http" in payloads["dingtalk"]["markdown"]["text"]
    assert payloads["feishu"]["card"]["elements"][0] == {
        "tag": "markdown",
        "content": "**2** waiting <b>",
    }
    assert payloads["slack"]["blocks"][1]["text"]["text"].startswith("**2** waiting &lt;b&gt;")
    assert payloads["discord"]["embeds"][0]["url"].endswith("/admin/")


def test_a_wrong_secret_is_refused_by_the_receiver_and_retried(
    receiver, django_capture_on_commit_callbacks
):
    ChatChannelFactory(provider=Provider.DINGTALK, base=receiver.base, secret="SECwrong")
    ChatChannelFactory(provider=Provider.FEISHU, base=receiver.base, secret="wrong")

    with django_capture_on_commit_callbacks(execute=True):
        post("Signed?")

    assert receiver.received == []
    assert sorted(receiver.refused) == ["dingtalk: bad sign", "feishu: bad sign"]
    deliveries = ChatDelivery.objects.all()
    assert {d.state for d in deliveries} == {DeliveryState.PENDING}
    assert {d.attempts for d in deliveries} == {1}
    assert all(d.next_attempt_at is not None for d in deliveries)


def test_nothing_is_posted_when_the_change_rolls_back(
    receiver, reviewer_channels, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        post("Never")
        raise RuntimeError

    assert receiver.received == []
    assert ChatDelivery.objects.count() == 0


def test_none_lost_while_the_receiver_is_down_and_each_posted_once_when_back(
    receiver, reviewer_channels, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level(logging.DEBUG)
    with time_machine.travel(START, tick=False) as clock:
        receiver.failing = True  # answers 500
        with django_capture_on_commit_callbacks(execute=True):
            post("First")
            post("Second")
        assert receiver.received == []
        assert ChatDelivery.objects.filter(state=DeliveryState.PENDING, attempts=1).count() == 10

        receiver.stop()  # refuses connections
        clock.shift(timedelta(minutes=5))
        chat_requeue_undelivered()
        assert ChatDelivery.objects.filter(state=DeliveryState.PENDING, attempts=2).count() == 10

        receiver.failing = False
        receiver.start()  # back, on the same port
        clock.shift(timedelta(seconds=30))
        chat_requeue_undelivered()  # still in its backoff: nothing yet
        assert receiver.received == []
        clock.shift(timedelta(hours=1))
        chat_requeue_undelivered()
        clock.shift(timedelta(hours=1))
        chat_requeue_undelivered()

    assert receiver.refused == []
    for provider in Provider.values:
        assert receiver.titles(provider) == ["First", "Second"]
    assert ChatDelivery.objects.exclude(state=DeliveryState.SENT).count() == 0
    # The failures were logged and stored, without the credentials.
    assert "failed" in caplog.text
    assert_no_credentials(caplog.text)
    for delivery in ChatDelivery.objects.all():
        assert_no_credentials(delivery.last_error)
    for channel in ChatChannel.objects.all():
        assert_no_credentials(channel.last_status)


def test_stored_errors_and_logs_never_hold_the_credentials(
    receiver, reviewer_channels, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level(logging.DEBUG)
    receiver.stop()

    with django_capture_on_commit_callbacks(execute=True):
        post("Unreachable")

    errors = list(ChatDelivery.objects.values_list("last_error", flat=True))
    assert all("ConnectionError" in error for error in errors)
    assert "127.0.0.1" in errors[0]
    for text in [caplog.text, *errors, *ChatChannel.objects.values_list("last_status", flat=True)]:
        assert_no_credentials(text)


def test_dingtalk_gets_at_most_20_messages_a_minute_and_every_one_in_the_end(
    receiver, django_capture_on_commit_callbacks
):
    ChatChannelFactory(provider=Provider.DINGTALK, base=receiver.base)

    with time_machine.travel(START, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            for number in range(45):
                post(f"Message {number:02d}")
        postponed = ChatDelivery.objects.filter(state=DeliveryState.PENDING)
        assert postponed.count() == 35
        assert all(d.attempts == 0 for d in postponed)  # postponed, not failed
        for _second in range(300):
            clock.shift(timedelta(seconds=1))
            chat_requeue_undelivered()

    assert receiver.refused == []
    assert receiver.titles() == [f"Message {number:02d}" for number in range(45)]
    times = sorted(r.at for r in receiver.received)
    # No minute holds a 21st message.
    assert all(times[i + 20] - times[i] >= 60 for i in range(len(times) - 20))


def test_a_provider_saying_too_fast_postpones_without_a_failure(
    receiver, django_capture_on_commit_callbacks
):
    ChatChannelFactory(provider=Provider.DISCORD, base=receiver.base)
    receiver.rate_limited = 1  # 429 with retry_after 2.5 s

    with time_machine.travel(START, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            post("Slowly")
        delivery = ChatDelivery.objects.get()
        assert (delivery.state, delivery.attempts) == (DeliveryState.PENDING, 0)
        assert delivery.next_attempt_at == START + timedelta(seconds=2.5)
        clock.shift(timedelta(seconds=1))
        chat_requeue_undelivered()
        assert receiver.received == []
        clock.shift(timedelta(seconds=2))
        chat_requeue_undelivered()

    assert receiver.titles() == ["Slowly"]


def test_a_switched_off_channel_gets_nothing(receiver, django_capture_on_commit_callbacks):
    ChatChannelFactory(provider=Provider.SLACK, base=receiver.base, is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        assert post("Quiet") is None

    assert receiver.received == []


def test_a_keyed_message_is_posted_once(
    receiver, reviewer_channels, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert post("Daily", key="chat.reviews.digest:2026-10-07") is not None
        assert post("Daily", key="chat.reviews.digest:2026-10-07") is None

    assert len(receiver.received) == len(Provider.values)


def test_a_station_message_goes_to_that_station_only(receiver, django_capture_on_commit_callbacks):
    from tests.factories.stations import StationFactory

    here, there = StationFactory(), StationFactory()
    ChatChannelFactory(
        provider=Provider.WECOM, audience=Audience.STATION, station=here, base=receiver.base
    )
    ChatChannelFactory(
        provider=Provider.SLACK, audience=Audience.STATION, station=there, base=receiver.base
    )
    ChatChannelFactory(provider=Provider.DISCORD, base=receiver.base)  # the reviewers'

    with django_capture_on_commit_callbacks(execute=True):
        chat_post(kind=MessageKind.EVENT_NEW, station=here, title="Meetup")

    assert [(r.provider, r.title) for r in receiver.received] == [("wecom", "Meetup")]

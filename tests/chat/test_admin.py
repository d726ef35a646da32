"""Chat channels in the admin: listed with their provider, target and last status;
credentials write-only; a test message on demand."""

import pytest
from django.urls import reverse

from community_portal.chat.enums import Audience, DeliveryState, Provider
from community_portal.chat.models import ChatChannel, ChatDelivery
from tests.factories.chat import SECRETS, TOKENS, webhook_url

pytestmark = pytest.mark.django_db


def assert_hidden(html: str) -> None:
    for piece in [*SECRETS.values(), *TOKENS.values()]:
        assert piece not in html


def test_channel_list_shows_provider_target_and_status_but_no_credentials(
    reviewer_client, receiver, reviewer_channels
):
    ChatChannel.objects.update(last_status="failed: HTTP 500")

    html = reviewer_client.get(reverse("admin:chat_chatchannel_changelist")).content.decode()

    assert "DingTalk custom robot" in html
    assert "127.0.0.1 (…)" in html
    assert "failed: HTTP 500" in html
    assert_hidden(html)


def test_change_page_never_shows_the_credentials(reviewer_client, receiver, reviewer_channels):
    for channel in reviewer_channels.values():
        url = reverse("admin:chat_chatchannel_change", args=[channel.pk])
        html = reviewer_client.get(url).content.decode()
        assert_hidden(html)
        assert 'type="password"' in html


def test_saving_without_credentials_keeps_them(reviewer_client, receiver, reviewer_channels):
    channel = reviewer_channels[Provider.FEISHU]

    response = reviewer_client.post(
        reverse("admin:chat_chatchannel_change", args=[channel.pk]),
        {
            "name": "Reviewers on Feishu",
            "provider": "feishu",
            "audience": "reviewers",
            "station": "",
            "language": "zh-hans",
            "is_active": "on",
            "webhook_url": "",
            "secret": "",
        },
    )

    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.name == "Reviewers on Feishu"
    assert channel.webhook_url == webhook_url(receiver.base, Provider.FEISHU)
    assert channel.secret == SECRETS[Provider.FEISHU]


def test_adding_a_channel_elsewhere_than_the_provider_is_refused(reviewer_client):
    response = reviewer_client.post(
        reverse("admin:chat_chatchannel_add"),
        {
            "name": "Sneaky",
            "provider": "slack",
            "audience": "reviewers",
            "language": "en",
            "is_active": "on",
            "webhook_url": "http://10.0.0.1/services/x",
        },
    )

    assert response.status_code == 200
    assert "not a webhook address of Slack" in response.content.decode()
    assert ChatChannel.objects.count() == 0


def test_adding_a_reviewers_channel(reviewer_client):
    url = f"https://hooks.slack.com/services/{TOKENS['slack']}"

    response = reviewer_client.post(
        reverse("admin:chat_chatchannel_add"),
        {
            "name": "Reviewers",
            "provider": "slack",
            "audience": "reviewers",
            "language": "en",
            "is_active": "on",
            "webhook_url": url,
        },
    )

    assert response.status_code == 302
    assert ChatChannel.objects.get().webhook_url == url


def test_a_station_channel_names_its_station(reviewer_client):
    response = reviewer_client.post(
        reverse("admin:chat_chatchannel_add"),
        {
            "name": "Group",
            "provider": "wecom",
            "audience": Audience.STATION,
            "language": "en",
            "is_active": "on",
            "webhook_url": f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={TOKENS['wecom']}",
        },
    )

    assert response.status_code == 200
    assert "Choose the station whose group this is." in response.content.decode()


def test_send_a_test_message_action_posts_to_each_chosen_channel(
    reviewer_client, receiver, reviewer_channels, django_capture_on_commit_callbacks
):
    chosen = [reviewer_channels[Provider.WECOM].pk, reviewer_channels[Provider.DISCORD].pk]

    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(
            reverse("admin:chat_chatchannel_changelist"),
            {"action": "send_test_message", "_selected_action": chosen},
            follow=True,
        )

    assert "A test message is queued for 2 channels" in response.content.decode()
    assert sorted(r.provider for r in receiver.received) == ["discord", "wecom"]
    assert receiver.received[0].title.startswith("Test message from")
    assert ChatDelivery.objects.filter(state=DeliveryState.SENT).count() == 2


def test_delivery_log_shows_scrubbed_errors(
    reviewer_client, receiver, reviewer_channels, django_capture_on_commit_callbacks
):
    from community_portal.chat.services import chat_post

    receiver.stop()
    with django_capture_on_commit_callbacks(execute=True):
        chat_post(kind="review_digest", title="Digest")

    html = reviewer_client.get(reverse("admin:chat_chatdelivery_changelist")).content.decode()
    delivery = ChatDelivery.objects.first()
    detail = reviewer_client.get(
        reverse("admin:chat_chatdelivery_change", args=[delivery.pk])
    ).content.decode()

    assert "Digest" in html
    assert "ConnectionError" in detail
    assert_hidden(html + detail)


@pytest.mark.parametrize(
    "page", ["admin:chat_chatchannel_changelist", "admin:chat_chatdelivery_changelist"]
)
def test_admin_lists_cost_the_same_for_1_row_as_for_50(reviewer_client, page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from community_portal.chat.models import ChatMessage
    from tests.factories.chat import ChatChannelFactory
    from tests.factories.stations import StationFactory

    def queries_with(count):
        for _ in range(count):
            channel = ChatChannelFactory(audience=Audience.STATION, station=StationFactory())
            message = ChatMessage.objects.create(kind="review_digest", title="Digest")
            ChatDelivery.objects.create(message=message, channel=channel)
        with CaptureQueriesContext(connection) as captured:
            assert reviewer_client.get(reverse(page)).status_code == 200
        return len(captured)

    assert queries_with(1) == queries_with(49)

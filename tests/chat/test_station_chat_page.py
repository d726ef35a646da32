"""The station lead's chat group page: who may see and set it, and the credentials
never shown again once saved."""

import pytest
from django.urls import reverse

from community_portal.chat.enums import Audience, Provider
from community_portal.chat.models import ChatChannel, ChatDelivery
from tests.factories.chat import SECRETS, TOKENS, ChatChannelFactory
from tests.factories.members import MemberFactory, ReviewerFactory
from tests.factories.stations import MembershipFactory, StationFactory

pytestmark = pytest.mark.django_db

DINGTALK_URL = f"https://oapi.dingtalk.com/robot/send?access_token={TOKENS['dingtalk']}"


@pytest.fixture
def lead():
    return MemberFactory(username="lead")


@pytest.fixture
def station(lead):
    return StationFactory(name="Shanghai", slug="shanghai", lead=lead)


@pytest.fixture
def channel(station):
    return ChatChannelFactory(
        station=station,
        audience=Audience.STATION,
        provider=Provider.DINGTALK,
        webhook_url=DINGTALK_URL,
        secret=SECRETS["dingtalk"],
    )


def page(station):
    return reverse("stations:manage_chat", args=[station.slug])


def form(**changes):
    return {"provider": "dingtalk", "webhook_url": "", "secret": "", "language": "en",
            "is_active": "on", **changes}  # fmt: skip


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("other member", 403),
        ("station member", 403),
        ("deputy", 403),
        ("lead of another station", 403),
        ("lead", 200),
        ("reviewer", 200),
    ],
)
def test_chat_group_page_answers_each_person_as_they_should(client, station, channel, who, status):
    people = {
        "anonymous": None,
        "other member": MemberFactory(),
        "station member": MembershipFactory(station=station).member,
        "deputy": MembershipFactory(station=station, deputy=True).member,
        "lead of another station": StationFactory().memberships.get(role="lead").member,
        "lead": station.memberships.get(role="lead").member,
        "reviewer": ReviewerFactory(),
    }
    if people[who] is not None:
        client.force_login(people[who])

    shown = client.get(page(station))
    forged = client.post(page(station), form(webhook_url=DINGTALK_URL.replace("token", "x")))
    test = client.post(page(station), {"action": "test"})

    assert shown.status_code == status
    if status == 302:
        assert shown.url.startswith(reverse("account_login"))
    if status != 200:
        assert forged.status_code == test.status_code == status
        assert ChatChannel.objects.get().webhook_url == DINGTALK_URL
        assert ChatDelivery.objects.count() == 0


def test_lead_sets_the_group_and_never_sees_the_credentials_again(client, station, lead):
    client.force_login(lead)

    response = client.post(
        page(station), form(webhook_url=DINGTALK_URL, secret=SECRETS["dingtalk"])
    )
    shown = client.get(page(station)).content.decode()

    assert response.status_code == 302
    channel = ChatChannel.objects.get(station=station)
    assert (channel.provider, channel.webhook_url, channel.secret) == (
        Provider.DINGTALK,
        DINGTALK_URL,
        SECRETS["dingtalk"],
    )
    assert "oapi.dingtalk.com" in shown
    assert TOKENS["dingtalk"] not in shown
    assert SECRETS["dingtalk"] not in shown


def test_saving_without_the_credentials_keeps_the_saved_ones(client, station, lead, channel):
    client.force_login(lead)

    client.post(page(station), form(language="zh-hans"))

    channel.refresh_from_db()
    assert (channel.language, channel.webhook_url, channel.secret) == (
        "zh-hans",
        DINGTALK_URL,
        SECRETS["dingtalk"],
    )


def test_an_address_that_is_not_the_providers_is_refused_beside_the_field(client, station, lead):
    client.force_login(lead)

    response = client.post(page(station), form(webhook_url="http://127.0.0.1:6379/"))

    assert response.status_code == 400
    assert "not a webhook address of DingTalk" in response.content.decode()
    assert ChatChannel.objects.count() == 0


def test_lead_sends_a_test_message_and_removes_the_group(client, station, lead, channel):
    client.force_login(lead)

    client.post(page(station), {"action": "test"})
    assert ChatDelivery.objects.filter(channel=channel, message__kind="test").count() == 1

    client.post(page(station), {"action": "remove"})
    assert ChatChannel.objects.count() == 0

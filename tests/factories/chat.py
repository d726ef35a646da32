"""Factories of the chat app. Channels post to the tests' local receiver."""

import factory

from community_portal.chat.enums import Audience, Provider
from community_portal.chat.models import ChatChannel

# Each provider's credentials, as the receiver (tests/chat/receiver.py) expects them.
TOKENS = {
    Provider.WECOM: "wecom-key-6f1c2a9e",
    Provider.DINGTALK: "dingtalk-token-83b7d5",
    Provider.FEISHU: "feishu-hook-4e0a9c71",
    Provider.SLACK: "T0001/B0002/slackSecret9x7",
    Provider.DISCORD: "123456789/discordToken5q2w",
}
SECRETS = {
    Provider.DINGTALK: "SECdingtalk0a1b2c3d4e5f",
    Provider.FEISHU: "feishuSecret7g8h9i",
}


def webhook_url(base: str, provider: str) -> str:
    token = TOKENS[provider]
    return {
        Provider.WECOM: f"{base}/cgi-bin/webhook/send?key={token}",
        Provider.DINGTALK: f"{base}/robot/send?access_token={token}",
        Provider.FEISHU: f"{base}/open-apis/bot/v2/hook/{token}",
        Provider.SLACK: f"{base}/services/{token}",
        Provider.DISCORD: f"{base}/api/webhooks/{token}",
    }[provider]


class ChatChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChatChannel

    class Params:
        base = "http://127.0.0.1:9"

    name = factory.Sequence(lambda n: f"Channel {n}")
    provider = Provider.DINGTALK
    audience = Audience.REVIEWERS
    station = None
    language = "en"
    webhook_url = factory.LazyAttribute(lambda c: webhook_url(c.base, c.provider))
    secret = factory.LazyAttribute(lambda c: SECRETS.get(c.provider, ""))

"""Fixtures of the chat tests: the local receiver, and one channel per provider on it."""

import pytest

from community_portal.chat.enums import Audience, Provider
from tests.chat.receiver import Receiver
from tests.factories.chat import ChatChannelFactory


@pytest.fixture
def receiver(settings, monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    settings.CHAT_WEBHOOK_EXTRA_HOSTS = ["127.0.0.1"]
    running = Receiver().start()
    yield running
    running.stop()


@pytest.fixture
def reviewer_channels(receiver, db):
    """One reviewers' channel of each provider."""
    return {
        provider: ChatChannelFactory(
            provider=provider, audience=Audience.REVIEWERS, base=receiver.base
        )
        for provider in Provider.values
    }

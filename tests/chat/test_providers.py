"""What each provider's answer means, and messages kept within its documented sizes."""

import pytest

from community_portal.chat.delivery import scrub
from community_portal.chat.enums import Provider
from community_portal.chat.providers import Rendered, build_request, read_answer
from tests.factories.chat import ChatChannelFactory

LONG = Rendered(title="T" * 400, body="长" * 5000, url="https://x.org/e/1", link_text="Open")


@pytest.mark.parametrize(
    ("provider", "status", "headers", "text", "sent", "retry_after"),
    [
        (Provider.WECOM, 200, {}, '{"errcode": 0, "errmsg": "ok"}', True, None),
        (
            Provider.WECOM,
            200,
            {},
            '{"errcode": 45009, "errmsg": "api freq out of limit"}',
            False,
            60,
        ),
        (Provider.DINGTALK, 200, {}, '{"errcode": 130101, "errmsg": "send too fast"}', False, 600),
        (
            Provider.DINGTALK,
            200,
            {},
            '{"errcode": 310000, "errmsg": "sign not match"}',
            False,
            None,
        ),
        (Provider.FEISHU, 200, {}, '{"code": 11232, "msg": "frequency limited"}', False, 60),
        (Provider.FEISHU, 200, {}, '{"code": 0, "msg": "success"}', True, None),
        (Provider.SLACK, 200, {}, "ok", True, None),
        (Provider.SLACK, 429, {"Retry-After": "30"}, "", False, 30),
        (Provider.DISCORD, 204, {}, "", True, None),
        (Provider.DISCORD, 429, {}, '{"retry_after": 1.25, "global": false}', False, 1.25),
        (Provider.DISCORD, 500, {}, "oops", False, None),
    ],
)
def test_answers_are_read_as_each_provider_documents_them(
    provider, status, headers, text, sent, retry_after
):
    answer = read_answer(provider, status=status, headers=headers, text=text)

    assert (answer.sent, answer.retry_after) == (sent, retry_after)
    assert bool(answer.error) == (not sent and retry_after is None)


@pytest.mark.parametrize("provider", Provider.values)
def test_a_long_message_stays_within_the_providers_limits(provider):
    request = build_request(provider, webhook_url="https://h/x", secret="s", message=LONG, now=1.0)
    payload = request.payload

    if provider == Provider.WECOM:
        assert len(payload["markdown"]["content"].encode()) <= 4096
    elif provider == Provider.SLACK:
        assert len(payload["blocks"][0]["text"]["text"]) <= 150
        assert len(payload["blocks"][1]["text"]["text"]) <= 3000
    elif provider == Provider.DISCORD:
        assert len(payload["embeds"][0]["title"]) <= 256
        assert len(payload["embeds"][0]["description"]) <= 4096


@pytest.mark.django_db
def test_scrub_removes_the_token_the_secret_and_a_signature():
    channel = ChatChannelFactory(
        provider=Provider.DINGTALK,
        webhook_url="https://oapi.dingtalk.com/robot/send?access_token=abcdef123456",
        secret="SECtopsecret",
    )
    text = (
        "POST /robot/send?access_token=abcdef123456&timestamp=1&sign=Zm9v%3D failed; "
        "secret SECtopsecret"
    )

    cleaned = scrub(text, channel)

    assert "abcdef123456" not in cleaned
    assert "SECtopsecret" not in cleaned
    assert "Zm9v" not in cleaned

"""What each chat provider takes: its message format, its signature, its limits, and
how it answers. Pure functions of a rendered message and a channel's credentials.

Documented by the providers (checked when this was written):

- **WeCom group robot**: POST JSON to the webhook URL (``…/webhook/send?key=KEY``),
  ``msgtype: markdown`` with ``markdown.content`` (at most 4096 bytes); at most 20
  messages a minute per robot; answers ``{"errcode": 0}``, 45009 when over the limit.
- **DingTalk custom robot**: signed URL: ``timestamp`` (milliseconds) and ``sign``,
  the URL-encoded Base64 of HMAC-SHA256 of ``"{timestamp}\\n{secret}"`` keyed with the
  secret, added to the query string; ``msgtype: markdown`` with ``title`` and ``text``;
  at most 20 messages a minute (over it, the robot is throttled for 10 minutes);
  answers ``{"errcode": 0}``, 130101 when sending too fast.
- **Feishu / Lark custom bot**: signature in the body: ``timestamp`` (seconds) and
  ``sign``, the Base64 of HMAC-SHA256 keyed with ``"{timestamp}\\n{secret}"`` over an
  empty message; an ``interactive`` card; 100 requests a minute and 5 a second;
  answers ``{"code": 0}``, 11232 when rate limited.
- **Slack incoming webhook**: ``text`` (the notification's fallback) and ``blocks``
  with ``mrkdwn`` sections (at most 3000 characters each); about one message a
  second with short bursts; 429 with ``Retry-After`` (seconds) when over it.
- **Discord webhook**: ``content`` and ``embeds`` (title 256, description 4096
  characters); 429 with ``retry_after`` (seconds) in the JSON body when over the
  limit (about 5 requests in 2 seconds, 30 messages a minute per channel).
"""

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from urllib.parse import quote_plus, urlsplit, urlunsplit

from community_portal.chat.enums import Provider


@dataclass(frozen=True)
class RateLimit:
    """A token bucket: ``burst`` tokens, refilled at ``per_second``.

    Chosen so that no window of the provider's period holds more than its limit:
    a full bucket plus what refills during the period stays within it.
    """

    burst: float
    per_second: float


RATE_LIMITS = {
    # 20 a minute: 10 at once, then one every 6 seconds (never more than 20 in 60 s).
    Provider.WECOM: RateLimit(burst=10, per_second=10 / 60),
    Provider.DINGTALK: RateLimit(burst=10, per_second=10 / 60),
    # 5 a second and 100 a minute: 4 at once, then 50 a minute.
    Provider.FEISHU: RateLimit(burst=4, per_second=50 / 60),
    # One a second, short bursts allowed.
    Provider.SLACK: RateLimit(burst=3, per_second=1),
    # 5 in 2 seconds and 30 a minute per channel.
    Provider.DISCORD: RateLimit(burst=4, per_second=25 / 60),
}

# How long to wait when a provider says "too fast" without saying for how long.
PROVIDER_THROTTLE_SECONDS = {
    Provider.WECOM: 60,
    Provider.DINGTALK: 10 * 60,
    Provider.FEISHU: 60,
    Provider.SLACK: 60,
    Provider.DISCORD: 5,
}


@dataclass(frozen=True)
class Rendered:
    """A message in one language: a title, Markdown-ish lines, a link."""

    title: str
    body: str
    url: str
    link_text: str


@dataclass(frozen=True)
class Request:
    url: str
    payload: dict

    def data(self) -> bytes:
        return json.dumps(self.payload, ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True)
class Answer:
    """How a provider answered: sent, rate limited (wait ``retry_after``), or failed."""

    sent: bool
    retry_after: float | None = None
    error: str = ""


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's ``sign``: URL-encoded Base64 of HMAC-SHA256(secret, "ts\\nsecret")."""
    string_to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), string_to_sign, hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest))


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """Feishu's ``sign``: Base64 of HMAC-SHA256 keyed with "ts\\nsecret" over nothing."""
    key = f"{timestamp_s}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _truncate_bytes(text: str, limit: int) -> str:
    encoded = text.encode()
    if len(encoded) <= limit:
        return text
    return encoded[: limit - 3].decode(errors="ignore") + "…"


def _markdown(message: Rendered, heading: str = "###") -> str:
    parts = [f"{heading} {message.title}", message.body]
    if message.url:
        parts.append(f"[{message.link_text}]({message.url})")
    return "\n\n".join(part for part in parts if part)


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _with_query(url: str, extra: str) -> str:
    parts = urlsplit(url)
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def build_request(
    provider: str, *, webhook_url: str, secret: str, message: Rendered, now: float
) -> Request:
    """The HTTP request that posts ``message``; ``now`` is the Unix time in seconds."""
    if provider == Provider.WECOM:
        content = _truncate_bytes(_markdown(message), 4096)
        return Request(webhook_url, {"msgtype": "markdown", "markdown": {"content": content}})
    if provider == Provider.DINGTALK:
        url = webhook_url
        if secret:
            timestamp = int(now * 1000)
            url = _with_query(url, f"timestamp={timestamp}&sign={dingtalk_sign(secret, timestamp)}")
        text = _truncate(_markdown(message), 5000)
        return Request(
            url, {"msgtype": "markdown", "markdown": {"title": message.title, "text": text}}
        )
    if provider == Provider.FEISHU:
        elements = [{"tag": "markdown", "content": _truncate(message.body, 10000)}]
        if message.url:
            elements.append(
                {
                    "tag": "action",
                    "actions": [
                        {
                            "tag": "button",
                            "text": {"tag": "plain_text", "content": message.link_text},
                            "url": message.url,
                            "type": "primary",
                        }
                    ],
                }
            )
        payload = {
            "msg_type": "interactive",
            "card": {
                "config": {"wide_screen_mode": True},
                "header": {
                    "title": {"tag": "plain_text", "content": message.title},
                    "template": "blue",
                },
                "elements": elements,
            },
        }
        if secret:
            timestamp = int(now)
            payload = {
                "timestamp": str(timestamp),
                "sign": feishu_sign(secret, timestamp),
                **payload,
            }
        return Request(webhook_url, payload)
    if provider == Provider.SLACK:
        body = _slack_escape(message.body)
        if message.url:
            body = f"{body}\n<{message.url}|{_slack_escape(message.link_text)}>"
        return Request(
            webhook_url,
            {
                "text": _truncate(message.title, 3000),
                "blocks": [
                    {
                        "type": "header",
                        "text": {"type": "plain_text", "text": _truncate(message.title, 150)},
                    },
                    {"type": "section", "text": {"type": "mrkdwn", "text": _truncate(body, 3000)}},
                ],
            },
        )
    if provider == Provider.DISCORD:
        embed = {
            "title": _truncate(message.title, 256),
            "description": _truncate(message.body, 4096),
        }
        if message.url:
            embed["url"] = message.url
        # Nobody is pinged, whatever a title says (@everyone…).
        return Request(
            webhook_url, {"content": "", "embeds": [embed], "allowed_mentions": {"parse": []}}
        )
    raise ValueError(f"Unknown chat provider {provider!r}")


def _seconds(value) -> float | None:
    try:
        return max(float(value), 0.0)
    except (TypeError, ValueError):
        return None


def read_answer(provider: str, *, status: int, headers, text: str) -> Answer:
    """What an HTTP answer means for the delivery."""
    throttle = PROVIDER_THROTTLE_SECONDS[provider]
    try:
        body = json.loads(text) if text else {}
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    if status == 429:
        wait = _seconds(body.get("retry_after")) or _seconds(headers.get("Retry-After"))
        return Answer(sent=False, retry_after=wait if wait is not None else throttle)
    if not 200 <= status < 300:
        return Answer(sent=False, error=f"HTTP {status}: {text[:300]}")
    if provider in (Provider.WECOM, Provider.DINGTALK):
        code = body.get("errcode", 0)
        if code == 0:
            return Answer(sent=True)
        if code in (45009, 130101):
            return Answer(sent=False, retry_after=throttle)
        return Answer(sent=False, error=f"errcode {code}: {str(body.get('errmsg', ''))[:300]}")
    if provider == Provider.FEISHU:
        code = body.get("code", body.get("StatusCode", 0))
        if code == 0:
            return Answer(sent=True)
        if code in (11232, 9499):
            return Answer(sent=False, retry_after=throttle)
        return Answer(sent=False, error=f"code {code}: {str(body.get('msg', ''))[:300]}")
    return Answer(sent=True)

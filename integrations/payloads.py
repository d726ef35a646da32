"""Reading the webhook bodies we act on, checked field by field.

Only what the portal uses is read; anything missing or of the wrong type raises
``PayloadError`` (the receiver answers 400), so a malformed body never reaches
the services. The shapes are GitHub's ``pull_request`` event and Discourse's
``topic`` events, as their documentation gives them.
"""

import json
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from integrations.errors import PayloadError

_url = URLValidator(schemes=["http", "https"])


def parse_json(body: bytes) -> dict:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise PayloadError("not JSON") from error
    if not isinstance(data, dict):
        raise PayloadError("not a JSON object")
    return data


def _get(data, key: str, kind, *, optional: bool = False):
    value = data.get(key) if isinstance(data, dict) else None
    if value is None and optional:
        return None
    # bool is an int in Python; an id is never true or false.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise PayloadError(f"{key}: expected {getattr(kind, '__name__', kind)}")
    return value


def _web_url(value: str, key: str) -> str:
    if len(value) > 500:
        raise PayloadError(f"{key}: too long")
    try:
        _url(value)
    except ValidationError as error:
        raise PayloadError(f"{key}: not a web address") from error
    return value


@dataclass(frozen=True)
class PullRequestEvent:
    action: str
    merged: bool
    url: str
    title: str
    body: str
    author: str
    repository: str
    labels: tuple[str, ...]
    merged_at: datetime | None

    @property
    def is_merge(self) -> bool:
        return self.action == "closed" and self.merged


def pull_request_event(data: dict) -> PullRequestEvent:
    pull_request = _get(data, "pull_request", dict)
    labels = _get(pull_request, "labels", list, optional=True) or []
    if not all(isinstance(label, dict) and isinstance(label.get("name"), str) for label in labels):
        raise PayloadError("labels: expected objects with a name")
    merged_at_text = _get(pull_request, "merged_at", str, optional=True)
    merged_at = parse_datetime(merged_at_text) if merged_at_text else None
    if merged_at_text and merged_at is None:
        raise PayloadError("merged_at: not a date and time")
    if merged_at is not None and timezone.is_naive(merged_at):
        raise PayloadError("merged_at: no time zone")
    return PullRequestEvent(
        action=_get(data, "action", str),
        merged=_get(pull_request, "merged", bool, optional=True) or False,
        url=_web_url(_get(pull_request, "html_url", str), "html_url"),
        title=_get(pull_request, "title", str)[:200],
        body=(_get(pull_request, "body", str, optional=True) or "")[:4000],
        author=_get(_get(pull_request, "user", dict), "login", str)[:39],
        repository=_get(_get(data, "repository", dict), "full_name", str)[:140],
        labels=tuple(label["name"] for label in labels),
        merged_at=merged_at,
    )


@dataclass(frozen=True)
class TopicEvent:
    topic_id: int
    title: str
    slug: str
    category_id: int | None
    author: str
    archetype: str

    def url(self, forum_url: str) -> str:
        return f"{forum_url.rstrip('/')}/t/{self.slug}/{self.topic_id}"


def topic_event(data: dict) -> TopicEvent:
    topic = _get(data, "topic", dict)
    slug = _get(topic, "slug", str)
    if not slug or len(slug) > 200 or any(char in slug for char in "/?#\\ "):
        raise PayloadError("slug: not a topic slug")
    topic_id = _get(topic, "id", int)
    if topic_id < 1:
        raise PayloadError("id: not a topic id")
    return TopicEvent(
        topic_id=topic_id,
        title=_get(topic, "title", str)[:200],
        slug=slug,
        category_id=_get(topic, "category_id", int, optional=True),
        author=_get(_get(topic, "created_by", dict), "username", str)[:60],
        archetype=_get(topic, "archetype", str, optional=True) or "regular",
    )


def forum_instance(header: str | None) -> str:
    """``X-Discourse-Instance``: the forum's base address."""
    if not header:
        raise PayloadError("X-Discourse-Instance: missing")
    return _web_url(header.strip(), "X-Discourse-Instance")

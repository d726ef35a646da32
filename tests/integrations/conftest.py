"""Fixtures of the webhook tests: secrets, signed deliveries, payloads built here."""

import itertools
import json

import pytest
from django.urls import reverse

from integrations.signatures import sign
from tests.factories.submissions import CampaignFactory

GITHUB_SECRET = "github-test-secret-0123456789"
DISCOURSE_SECRET = "discourse-test-secret-0123456789"
FORUM = "https://ask.oceanbase.com"

_ids = itertools.count(1)


@pytest.fixture(autouse=True)
def _secrets(settings):
    settings.GITHUB_WEBHOOK_SECRET = GITHUB_SECRET
    settings.DISCOURSE_WEBHOOK_SECRET = DISCOURSE_SECRET


def new_delivery_id() -> str:
    return f"delivery-{next(_ids)}"


def body_of(payload) -> bytes:
    return payload if isinstance(payload, bytes) else json.dumps(payload).encode()


def post_github(
    client,
    payload,
    *,
    event="pull_request",
    delivery=None,
    secret=GITHUB_SECRET,
    signature=None,
    **headers,
):
    body = body_of(payload)
    extra = {
        "HTTP_X_GITHUB_EVENT": event,
        "HTTP_X_GITHUB_DELIVERY": delivery or new_delivery_id(),
    }
    if signature is not False:
        extra["HTTP_X_HUB_SIGNATURE_256"] = signature or sign(body, secret)
    extra.update(headers)
    return client.post(
        reverse("integrations:github_webhook"), body, content_type="application/json", **extra
    )


def post_discourse(
    client,
    payload,
    *,
    event="topic_created",
    delivery=None,
    secret=DISCOURSE_SECRET,
    signature=None,
    instance=FORUM,
    **headers,
):
    body = body_of(payload)
    extra = {
        "HTTP_X_DISCOURSE_EVENT": event,
        "HTTP_X_DISCOURSE_EVENT_TYPE": event.split("_")[0],
        "HTTP_X_DISCOURSE_EVENT_ID": delivery or str(next(_ids)),
        "HTTP_X_DISCOURSE_INSTANCE": instance,
    }
    if signature is not False:
        extra["HTTP_X_DISCOURSE_EVENT_SIGNATURE"] = signature or sign(body, secret)
    extra.update(headers)
    return client.post(
        reverse("integrations:discourse_webhook"), body, content_type="application/json", **extra
    )


def merged_pull_request(
    *,
    number=7,
    author="octocat",
    repository="oceanbase/oceanbase-doc",
    labels=(),
    merged=True,
    action="closed",
    title="Tune the log disk",
):
    """GitHub's pull_request event, with the fields GitHub documents (trimmed)."""
    return {
        "action": action,
        "number": number,
        "pull_request": {
            "html_url": f"https://github.com/{repository}/pull/{number}",
            "number": number,
            "state": "closed",
            "title": title,
            "body": "Adds what we learned sizing the log disk.",
            "user": {"login": author, "id": 1, "type": "User"},
            "labels": [{"id": n, "name": name, "color": "ededed"} for n, name in enumerate(labels)],
            "merged": merged,
            "merged_at": "2025-03-02T08:00:00Z" if merged else None,
            "merged_by": {"login": "maintainer"},
        },
        "repository": {"full_name": repository, "name": repository.split("/")[1]},
        "sender": {"login": "maintainer"},
    }


def created_topic(
    *,
    topic_id=35617370,
    category_id=12,
    username="zlatan",
    archetype="regular",
    title="Sizing the log disk of OceanBase 4.x",
):
    """Discourse's topic_created event (the topic serializer, trimmed)."""
    return {
        "topic": {
            "id": topic_id,
            "title": title,
            "fancy_title": title,
            "slug": "topic",
            "posts_count": 1,
            "created_at": "2025-03-02T08:00:00.000Z",
            "archetype": archetype,
            "category_id": category_id,
            "user_id": 42,
            "created_by": {"id": 42, "username": username, "name": "", "avatar_template": ""},
            "last_poster": {"id": 42, "username": username},
            "tags": [],
        }
    }


@pytest.fixture
def campaign(db):
    return CampaignFactory()

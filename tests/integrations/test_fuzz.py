"""Whatever a signed (or unsigned) sender posts, the receivers answer and never 500."""

import pytest

from integrations.models import SubmissionDraft, WebhookDelivery
from tests.factories.members import MemberFactory
from tests.integrations.conftest import (
    created_topic,
    merged_pull_request,
    post_discourse,
    post_github,
)

pytestmark = pytest.mark.django_db


def _with(payload, path, value):
    """A copy of ``payload`` with the value at ``path`` replaced (or removed)."""
    import copy

    payload = copy.deepcopy(payload)
    node = payload
    for key in path[:-1]:
        node = node[key]
    if value is KeyError:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return payload


PR = merged_pull_request(labels=["co-construction"])
MALFORMED_PULL_REQUESTS = [
    b"",
    b"not json",
    b"\xff\xfe\x00",
    b"[]",
    b"null",
    b'"pull_request"',
    b"{" * 5000,
    b"[" * 100_000,
    b'{"pull_request": ' + b"[" * 100_000,
    {"action": "closed"},
    {"action": "closed", "pull_request": None},
    {"action": "closed", "pull_request": []},
    _with(PR, ["action"], 7),
    _with(PR, ["pull_request", "html_url"], KeyError),
    _with(PR, ["pull_request", "html_url"], "javascript:alert(1)"),
    _with(PR, ["pull_request", "html_url"], "https://" + "a" * 600),
    _with(PR, ["pull_request", "html_url"], ["https://github.com/a/b/pull/1"]),
    _with(PR, ["pull_request", "user"], "octocat"),
    _with(PR, ["pull_request", "user", "login"], None),
    _with(PR, ["pull_request", "title"], 12),
    _with(PR, ["pull_request", "labels"], "co-construction"),
    _with(PR, ["pull_request", "labels"], [None, 3]),
    _with(PR, ["pull_request", "labels"], [{"name": 5}]),
    _with(PR, ["pull_request", "merged_at"], "yesterday"),
    _with(PR, ["pull_request", "merged_at"], "2025-03-02T08:00:00"),
    _with(PR, ["pull_request", "merged_at"], 1740902400),
    _with(PR, ["pull_request", "merged"], "true"),
    _with(PR, ["repository"], KeyError),
    _with(PR, ["repository", "full_name"], {"a": 1}),
]


@pytest.mark.parametrize("payload", MALFORMED_PULL_REQUESTS)
def test_github_malformed_bodies_get_a_400(client, payload):
    MemberFactory(github_handle="octocat")

    response = post_github(client, payload)

    assert response.status_code == 400
    assert WebhookDelivery.objects.count() == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_X_GITHUB_DELIVERY": ""},
        {"HTTP_X_GITHUB_DELIVERY": "x" * 101},
        {"HTTP_X_GITHUB_DELIVERY": "id\x00"},
        {"HTTP_X_GITHUB_EVENT": ""},
    ],
)
def test_github_bad_headers_get_a_400(client, headers):
    assert post_github(client, PR, **headers).status_code == 400


@pytest.mark.parametrize(
    "signature", ["", "sha256=", "sha1=abc", "sha256=zz", "é" * 80, "sha256=" + "0" * 64]
)
def test_github_garbage_signatures_get_a_403(client, signature):
    response = post_github(client, PR, signature=signature or "  ")

    assert response.status_code == 403


TOPIC = created_topic()
MALFORMED_TOPICS = [
    b"",
    b"<xml/>",
    b"[1, 2]",
    {"post": {"id": 1}},
    {"topic": "hello"},
    _with(TOPIC, ["topic", "id"], "35617370"),
    _with(TOPIC, ["topic", "id"], True),
    _with(TOPIC, ["topic", "id"], -1),
    _with(TOPIC, ["topic", "slug"], "../../admin"),
    _with(TOPIC, ["topic", "slug"], ""),
    _with(TOPIC, ["topic", "category_id"], "12"),
    _with(TOPIC, ["topic", "created_by"], KeyError),
    _with(TOPIC, ["topic", "created_by", "username"], 42),
    _with(TOPIC, ["topic", "title"], None),
]


@pytest.mark.parametrize("payload", MALFORMED_TOPICS)
def test_discourse_malformed_bodies_get_a_400(client, payload):
    MemberFactory(forum_username="zlatan")

    response = post_discourse(client, payload)

    assert response.status_code == 400
    assert SubmissionDraft.objects.count() == 0


@pytest.mark.parametrize("instance", ["not a url", "ftp://ask.oceanbase.com", "https://"])
def test_discourse_bad_instance_gets_a_400(client, instance):
    assert post_discourse(client, TOPIC, instance=instance).status_code == 400


@pytest.mark.parametrize(
    "content_type",
    ["multipart/form-data; boundary=xyz", "application/x-www-form-urlencoded", "text/plain"],
)
def test_github_other_content_types_get_a_400(client, content_type):
    from django.urls import reverse

    from integrations.signatures import sign
    from tests.integrations.conftest import GITHUB_SECRET

    body = b"--xyz\r\nContent-Disposition: form-data; name=payload\r\n\r\n{}\r\n--xyz--\r\n"
    response = client.post(
        reverse("integrations:github_webhook"),
        body,
        content_type=content_type,
        HTTP_X_GITHUB_EVENT="pull_request",
        HTTP_X_GITHUB_DELIVERY="ct-1",
        HTTP_X_HUB_SIGNATURE_256=sign(body, GITHUB_SECRET),
    )

    assert response.status_code == 400


def test_too_large_body_gets_a_413(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = post_github(client, {"padding": "x" * 2000})

    assert response.status_code == 413
    assert WebhookDelivery.objects.count() == 0

"""What a message says: public fields only, the documented schema, the signature."""

import json
from datetime import UTC, datetime

import pytest
from django.conf import settings
from standardwebhooks import Webhook

from community_portal.webhooks.delivery import signature, signed_headers
from community_portal.webhooks.models import Message
from community_portal.webhooks.payloads import PAYLOADS
from members.models import User
from programs.models import Application
from tests.webhooks.events import EVERY_TYPE, fire_every_event

pytestmark = pytest.mark.django_db

# What a message may never carry, whatever its type.
PRIVATE_KEYS = {
    "email",
    "contact_email",
    "contact_name",
    "contact_phone",
    "comment",
    "internal_note",
    "reason",
    "revocation_reason",
    "cancellation_reason",
    "online_url",
    "motivation",
    "evidence",
    "secret",
}


def keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in keys(item)}
    if isinstance(value, list):
        return {key for item in value for key in keys(item)}
    return set()


def test_messages_carry_no_private_fields(endpoint, on_commit):
    with on_commit():
        fire_every_event()

    bodies = list(Message.objects.values_list("type", "body"))
    private_values = [
        *User.objects.values_list("email", flat=True),
        *Application.objects.values_list("contact_email", flat=True),
        *Application.objects.values_list("contact_phone", flat=True),
        "Shared the exam",  # the revocation's reason
        "The room is closed.",  # the cancellation's reason
        "Duplicate",  # the correction's reason
    ]
    assert sorted(event_type for event_type, _body in bodies) == EVERY_TYPE
    for event_type, body in bodies:
        payload = json.loads(body)
        assert not keys(payload) & PRIVATE_KEYS, event_type
        assert not [value for value in private_values if value and value in body], event_type
        PAYLOADS[event_type].model_validate(payload)  # the schema the OpenAPI document shows
        assert set(payload) == {"type", "timestamp", "data"}
        assert payload["timestamp"].endswith("Z")


def test_members_appear_by_public_name_and_profile(endpoint, on_commit):
    with on_commit():
        fire_every_event()

    tier = json.loads(Message.objects.get(type="member.tier_changed").body)["data"]
    member = User.objects.get(username=tier["member"]["username"])
    assert tier["member"] == {
        "username": member.username,
        "name": member.public_name,
        "url": f"{settings.SITE_URL}{member.get_absolute_url()}",
    }
    assert (tier["from_tier"], tier["to_tier"]) == (None, "contributor")


def test_signature_is_the_one_standard_webhooks_computes():
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    sent_at = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    body = '{"type":"event.created","data":{"title":"会议"}}'

    ours = signature(
        secret=secret, message_id="msg_1", timestamp=int(sent_at.timestamp()), body=body
    )

    assert ours == Webhook(secret).sign("msg_1", sent_at, body)
    headers = signed_headers(secret=secret, message_id="msg_1", body=body, now=sent_at)
    assert headers["webhook-timestamp"] == "1796126400"
    assert headers["webhook-signature"] == ours

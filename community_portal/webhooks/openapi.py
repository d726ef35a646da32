"""The ``webhooks`` section of the API's OpenAPI 3.1 schema, from the payload models."""

from pydantic.json_schema import models_json_schema

from community_portal.webhooks.enums import TEST_EVENT_TYPE, EventType
from community_portal.webhooks.payloads import PAYLOADS

_HEADERS = [
    (
        "webhook-id",
        "The message's id: the same on every retry. Use it to drop a message seen before.",
    ),
    ("webhook-timestamp", "When this attempt was made, in seconds since the epoch."),
    (
        "webhook-signature",
        'v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">, keyed by the '
        "base64-decoded part of the endpoint's secret after whsec_ (Standard Webhooks).",
    ),
]


def webhooks_openapi(components: dict) -> dict:
    """The ``webhooks`` object, one POST per event type; adds the payload schemas to
    ``components`` (refusing a name the API already uses)."""
    refs, top = models_json_schema(
        [(model, "serialization") for model in PAYLOADS.values()],
        ref_template="#/components/schemas/{model}",
    )
    for name, definition in top.get("$defs", {}).items():
        if name in components and components[name] != definition:
            raise ValueError(f"The webhook schema {name} would replace the API's own.")
        components[name] = definition
    labels = {**dict(EventType.choices), TEST_EVENT_TYPE: "Test message (admin)"}
    parameters = [
        {
            "in": "header",
            "name": name,
            "required": True,
            "description": text,
            "schema": {"type": "string"},
        }
        for name, text in _HEADERS
    ]
    webhooks = {}
    for event_type, model in PAYLOADS.items():
        webhooks[str(event_type)] = {
            "post": {
                "operationId": "webhook_" + str(event_type).replace(".", "_"),
                "summary": str(labels[event_type]),
                "description": (
                    "Sent to the endpoints subscribed to this event type, at least once, "
                    "in no guaranteed order. Answer with a 2xx status within the timeout."
                ),
                "parameters": parameters,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": refs[(model, "serialization")]}},
                },
                "responses": {
                    "2XX": {"description": "Received: the message is not sent again."},
                    "410": {"description": "Gone: the endpoint is disabled."},
                    "default": {"description": "Any other answer: retried with a backoff."},
                },
            }
        }
    return webhooks

"""The API's OpenAPI 3.1 schema documents every webhook, from the payload models."""

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.validation.validators import OpenAPIV31SpecValidator

from community_portal.webhooks.enums import EventType

pytestmark = pytest.mark.django_db


def resolve(schema: dict, ref: str) -> dict:
    return schema["components"]["schemas"][ref.removeprefix("#/components/schemas/")]


def test_the_schema_with_its_webhooks_is_valid_openapi_3_1(client):
    schema = client.get("/api/v1/openapi.json").json()

    validate(schema, cls=OpenAPIV31SpecValidator)
    assert set(schema["webhooks"]) == {*EventType.values, "webhook.test"}


def test_each_webhook_documents_its_headers_and_body(client):
    schema = client.get("/api/v1/openapi.json").json()

    for event_type, item in schema["webhooks"].items():
        operation = item["post"]
        headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
        body = operation["requestBody"]["content"]["application/json"]["schema"]
        envelope = resolve(schema, body["$ref"])
        assert headers == {"webhook-id", "webhook-timestamp", "webhook-signature"}, event_type
        assert envelope["properties"]["type"]["const"] == event_type
        assert set(envelope["required"]) == {"type", "timestamp", "data"}
        assert "email" not in str(resolve(schema, envelope["properties"]["data"]["$ref"]))


def test_the_paths_are_unchanged_by_the_webhooks(client):
    schema = client.get("/api/v1/openapi.json").json()

    assert not any(path.startswith("/api/v1/webhook") for path in schema["paths"])

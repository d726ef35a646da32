"""The OpenAPI 3.1 schema is valid, and the docs page runs on the site's own files."""

import re

import pytest
from django.contrib.staticfiles import finders
from openapi_spec_validator import validate
from openapi_spec_validator.validation.validators import OpenAPIV31SpecValidator

pytestmark = pytest.mark.django_db


def test_schema_is_valid_openapi_3_1(client):
    schema = client.get("/api/v1/openapi.json").json()

    validate(schema, cls=OpenAPIV31SpecValidator)
    assert schema["openapi"].startswith("3.1")


def test_every_operation_is_a_get_taking_the_language(client):
    schema = client.get("/api/v1/openapi.json").json()

    for path, operations in schema["paths"].items():
        assert set(operations) == {"get"}, path
        names = {parameter["name"] for parameter in operations["get"]["parameters"]}
        assert {"lang", "Accept-Language"} <= names, path


def test_me_operations_need_the_bearer_token(client):
    schema = client.get("/api/v1/openapi.json").json()

    for path, operations in schema["paths"].items():
        security = operations["get"].get("security")
        is_me = path == "/api/v1/me" or path.startswith("/api/v1/me/")
        assert bool(security) == is_me, path
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_docs_use_the_sites_own_static_files(client):
    response = client.get("/api/v1/docs")
    html = response.content.decode()

    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert response.status_code == 200
    assert sources and all(source.startswith("/static/") for source in sources)
    for source in sources:
        assert finders.find(source.removeprefix("/static/")), source


def test_docs_page_needs_no_inline_script(client):
    response = client.get("/api/v1/docs")
    html = response.content.decode()

    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    inline = [attrs for attrs, body in scripts if body.strip() and "application/json" not in attrs]
    policy = response["Content-Security-Policy"]
    assert inline == []
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy

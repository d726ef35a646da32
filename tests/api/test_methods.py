"""HTTP methods on the read API: HEAD is GET without the body, anything else a JSON 405.

Walks every path of the OpenAPI schema (and the Hugo export's addresses, which the
schema does not list) over the demo data.
"""

import pytest
from django.core.management import call_command

from members.models import User
from tests.api.conftest import bearer, token_for
from tests.api.test_privacy import path_values, urls_of

pytestmark = pytest.mark.django_db

EXPORTS = [
    f"/api/v1/exports/hugo/{language}/{name}.json"
    for language in ("en", "zh-hans")
    for name in ("stations", "showcase", "acknowledgments")
]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # seed_demo is for development machines
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False


def every_get_address(client):
    """(address, headers): one real address per operation, with a token for /me/."""
    headers = bearer(token_for(User.objects.get(username="member")))
    schema = client.get("/api/v1/openapi.json").json()
    values = path_values()
    for path in schema["paths"]:
        assert list(schema["paths"][path]) == ["get"], path
        is_me = path == "/api/v1/me" or path.startswith("/api/v1/me/")
        yield urls_of(path, values)[0], headers if is_me else {}
    for address in ["/api/v1/openapi.json", *EXPORTS]:
        yield address, {}


def test_head_answers_every_get_endpoint_like_get_without_the_body(client, demo):
    checked = 0
    for address, headers in every_get_address(client):
        got = client.get(address, **headers)
        head = client.head(address, **headers)

        assert got.status_code == 200, address
        assert head.status_code == 200, address
        assert head.content == b"", address
        assert head["Content-Type"] == got["Content-Type"], address
        assert int(head["Content-Length"]) == len(got.content), address
        if "ETag" in got:
            assert head["ETag"] == got["ETag"], address
        checked += 1

    assert checked > 25


def test_head_with_the_etag_is_a_304(client, demo):
    etag = client.get("/api/v1/stations")["ETag"]

    response = client.head("/api/v1/stations", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304 and response.content == b""


def test_writing_to_a_read_endpoint_is_a_json_405_naming_get_and_head(client, demo):
    answers = {}
    for address, headers in every_get_address(client):
        for method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(
                address, data="{}", content_type="application/json", **headers
            )
            answers[method, address] = (
                response.status_code,
                response["Content-Type"],
                response.get("Allow"),
            )
            assert method.upper() in response.json()["detail"], address

    assert len(answers) > 100
    assert set(answers.values()) == {(405, "application/json", "GET, HEAD")}


def test_writing_to_an_unknown_address_is_still_a_json_404(client):
    response = client.post("/api/v1/nothing-here", data="{}", content_type="application/json")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_the_405_is_in_the_language_asked_for(client):
    english = client.delete("/api/v1/programs")
    chinese = client.delete("/api/v1/programs?lang=zh-hans")
    french = client.delete("/api/v1/programs", HTTP_ACCEPT_LANGUAGE="fr")

    assert english.json() == {
        "detail": "This address does not answer DELETE; it answers GET, HEAD."
    }
    assert chinese["Content-Language"] == "zh-hans"
    assert chinese.json()["detail"] != english.json()["detail"]
    assert "DELETE" in chinese.json()["detail"]
    assert french["Content-Language"] == "fr"
    assert "DELETE" in french.json()["detail"]


def test_pages_outside_the_api_keep_their_own_405(client, member):
    client.force_login(member)

    response = client.get("/accounts/api-tokens/1/revoke/", HTTP_ACCEPT="text/html")

    assert response.status_code == 405
    assert response["Content-Type"].startswith("text/html")

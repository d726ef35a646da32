"""What every API answer goes through: pages, validators, CORS, limits, language, errors."""

import pytest
from django.utils import translation

from tests.api.conftest import bearer, token_for
from tests.factories.programs import ProgramFactory
from tests.factories.stations import StationFactory

pytestmark = pytest.mark.django_db

SITE = "https://www.community.example"


# --- Pagination ------------------------------------------------------------------------------


def test_lists_page_by_limit_and_offset_with_the_count(client):
    for number in range(5):
        StationFactory(name=f"Station {number}")

    first = client.get("/api/v1/stations?limit=2").json()
    last = client.get("/api/v1/stations?limit=2&offset=4").json()
    beyond = client.get("/api/v1/stations?limit=2&offset=40").json()

    assert (first["count"], first["limit"], first["offset"]) == (5, 2, 0)
    assert [s["name"] for s in first["items"]] == ["Station 0", "Station 1"]
    assert [s["name"] for s in last["items"]] == ["Station 4"]
    assert beyond["items"] == [] and beyond["count"] == 5


@pytest.mark.parametrize(
    "query", ["limit=0", "limit=101", "limit=abc", "offset=-1", "offset=99999999999999999999"]
)
def test_bad_paging_is_a_422_in_json(client, query):
    response = client.get(f"/api/v1/stations?{query}")

    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


# --- ETag and Last-Modified ------------------------------------------------------------------


def test_etag_answers_304_until_the_content_changes(client):
    program = ProgramFactory(title="First title")
    response = client.get("/api/v1/programs")
    etag = response["ETag"]

    same = client.get("/api/v1/programs", HTTP_IF_NONE_MATCH=etag)
    program.title = "Second title"
    program.save()
    changed = client.get("/api/v1/programs", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200 and "no-cache" in response["Cache-Control"]
    assert same.status_code == 304 and same.content == b""
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Second title" in changed.content.decode()


def test_last_modified_answers_304_to_if_modified_since(client):
    ProgramFactory()
    response = client.get("/api/v1/programs")

    again = client.get("/api/v1/programs", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])

    assert again.status_code == 304
    assert again["Last-Modified"] == response["Last-Modified"]


def test_the_etag_differs_by_language(client):
    StationFactory()

    english = client.get("/api/v1/stations?lang=en")["ETag"]
    chinese = client.get("/api/v1/stations?lang=zh-hans")["ETag"]

    assert english != chinese


def test_errors_carry_no_validators(client):
    response = client.get("/api/v1/programs/nothing-here")

    assert response.status_code == 404
    assert not response.has_header("ETag")


def test_answers_to_a_token_are_private(client, member):
    token = token_for(member)

    response = client.get("/api/v1/me", **bearer(token))

    assert "private" in response["Cache-Control"]
    assert "Authorization" in response["Vary"]


# --- CORS ------------------------------------------------------------------------------------


def test_cors_allows_the_configured_origins_on_the_api(client, settings):
    settings.CORS_ALLOWED_ORIGINS = [SITE]

    response = client.get("/api/v1/programs", HTTP_ORIGIN=SITE)
    preflight = client.options(
        "/api/v1/me",
        HTTP_ORIGIN=SITE,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )

    assert response["Access-Control-Allow-Origin"] == SITE
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == SITE
    assert "authorization" in preflight["Access-Control-Allow-Headers"]


def test_cors_refuses_other_origins(client, settings):
    settings.CORS_ALLOWED_ORIGINS = [SITE]

    response = client.get("/api/v1/programs", HTTP_ORIGIN="https://evil.example")

    assert "Access-Control-Allow-Origin" not in response


def test_cors_is_only_for_the_api(client, settings):
    settings.CORS_ALLOWED_ORIGINS = [SITE]

    response = client.get("/programs/", HTTP_ORIGIN=SITE)

    assert "Access-Control-Allow-Origin" not in response


def test_cors_allows_no_origin_by_default(client):
    response = client.get("/api/v1/programs", HTTP_ORIGIN=SITE)

    assert "Access-Control-Allow-Origin" not in response


# --- Rate limits -----------------------------------------------------------------------------


def test_anonymous_requests_are_limited_per_address(client, settings):
    settings.API_ANONYMOUS_RATE = "3/min"

    answers = [client.get("/api/v1/programs").status_code for _ in range(4)]
    elsewhere = client.get("/api/v1/programs", REMOTE_ADDR="10.1.2.3")
    limited = client.get("/api/v1/programs")

    assert answers == [200, 200, 200, 429]
    assert elsewhere.status_code == 200
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 60
    assert limited.json()["detail"] == "Too many requests. Try again a little later."


def test_a_forged_forwarded_for_does_not_escape_the_limit(client, settings):
    settings.API_ANONYMOUS_RATE = "2/min"

    answers = [
        client.get("/api/v1/programs", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
        for n in range(3)
    ]

    assert answers == [200, 200, 429]


def test_tokens_have_their_own_limit(client, settings, member):
    settings.API_TOKEN_RATE = "2/min"
    token = token_for(member)

    answers = [client.get("/api/v1/me", **bearer(token)).status_code for _ in range(3)]

    assert answers == [200, 200, 429]


# --- Language --------------------------------------------------------------------------------


def test_language_from_the_query_then_the_header_then_the_default(client):
    StationFactory(kind="city")

    asked = client.get("/api/v1/stations?lang=zh-hans", HTTP_ACCEPT_LANGUAGE="en")
    header = client.get("/api/v1/stations", HTTP_ACCEPT_LANGUAGE="zh-Hans-CN,zh;q=0.9")
    unknown = client.get("/api/v1/stations?lang=tlh", HTTP_ACCEPT_LANGUAGE="tlh")

    with translation.override("zh-hans"):
        city = str(translation.gettext("city"))
    assert asked["Content-Language"] == "zh-hans"
    assert asked.json()["items"][0]["kind"] == {"value": "city", "label": city}
    assert header["Content-Language"] == "zh-hans"
    assert unknown["Content-Language"] == "en"
    assert unknown.json()["items"][0]["kind"]["label"] == "city"
    assert "Accept-Language" in asked["Vary"]


def test_errors_are_in_the_language_asked_for(client):
    response = client.get("/api/v1/programs/none?lang=zh-hans")

    with translation.override("zh-hans"):
        expected = translation.gettext("Not found.")
    assert response.json()["detail"] == expected


# --- Errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/",
        "/api/v2/programs",
        "/api/v1/nothing",
        "/api/v1/stations/🙂",
        "/api/v1/leaderboards/99999999999999999999",
        "/api/v1/leaderboards/2025/13",
        "/api/v1/leaderboards/0",
        "/api/v1/certificates/not-a-number",
        "/api/v1/members/nobody",
        "/api/v1/events/99999999999999999999",
    ],
)
def test_unknown_addresses_are_json_404s(client, url):
    response = client.get(url)

    assert response.status_code in (404, 422)
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_writes_are_refused_in_json(client):
    response = client.post("/api/v1/programs", {})

    assert response.status_code == 405

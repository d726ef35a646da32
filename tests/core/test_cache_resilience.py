"""With Redis down the site keeps answering: the cache falls back to local memory."""

import logging
import time

import pytest
from django.urls import reverse

from tests.factories.members import DEFAULT_PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")


@pytest.fixture
def resilient_cache(settings, own_redis):
    server, connection, url = own_redis
    settings.CACHES = {
        "default": {
            "BACKEND": "community_portal.core.cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "portal",
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    return server, connection


def _stop(server):
    server.terminate()
    server.wait(timeout=10)


def test_sign_in_sign_up_reset_and_pages_work_while_redis_is_down(client, resilient_cache, caplog):
    server, connection = resilient_cache
    member = MemberFactory(email="member@example.com")
    client.get(LOGIN)
    client.post(LOGIN, {"login": "nobody@example.com", "password": "wrong-guess"})
    assert connection.dbsize() > 0  # the rate limits counted in Redis while it was up
    _stop(server)

    with caplog.at_level(logging.WARNING, logger="community_portal.core.cache"):
        sign_in = client.post(LOGIN, {"login": member.email, "password": DEFAULT_PASSWORD})
        assert sign_in.status_code == 302
        assert client.session["_auth_user_id"] == str(member.pk)
        pages = [client.get(path).status_code for path in ("/", "/members/", "/programs/")]
        client.logout()
        sign_up = client.post(
            reverse("account_signup"),
            {
                "email": "new@example.com",
                "username": "newcomer",
                "password1": DEFAULT_PASSWORD,
                "password2": DEFAULT_PASSWORD,
            },
        )
        reset = client.post(reverse("account_reset_password"), {"email": member.email})
        more_pages = [client.get(path).status_code for path in ("/stations/", "/campaigns/")]

    assert pages == [200, 200, 200]
    assert more_pages == [200, 200]
    assert sign_up.status_code == 302
    assert sign_up.url == reverse("account_email_verification_sent")
    assert reset.status_code == 302
    outage_warnings = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(outage_warnings) == 1  # said once, not on every request


def test_rate_limits_still_count_while_redis_is_down(client, resilient_cache):
    server, _ = resilient_cache
    _stop(server)
    MemberFactory(email="target@example.com")
    for _ in range(5):
        client.post(LOGIN, {"login": "target@example.com", "password": "wrong-guess"})

    response = client.post(LOGIN, {"login": "target@example.com", "password": DEFAULT_PASSWORD})

    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_cache_uses_redis_again_once_it_answers(settings, own_redis):
    from django.core.cache import cache

    _server, connection, url = own_redis
    settings.CACHES = {
        "default": {
            "BACKEND": "community_portal.core.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"RETRY_AFTER": 0},
        }
    }
    cache._down_until = time.monotonic() + 60  # as after an outage
    cache.set("kept", "locally")
    assert connection.dbsize() == 0

    cache._down_until = time.monotonic() - 1  # the retry time has come
    cache.set("kept", "in redis")

    assert connection.dbsize() == 1
    assert cache.get("kept") == "in redis"

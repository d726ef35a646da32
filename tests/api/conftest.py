"""Fixtures of the API tests: tokens, and a client that speaks JSON."""

import pytest

from api import services


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False
    # The limits have their own tests; the others may call as often as they like.
    settings.API_ANONYMOUS_RATE = "100000/min"
    settings.API_TOKEN_RATE = "100000/min"


def token_for(member, name="script") -> str:
    _row, token = services.token_create(member=member, name=name)
    return token


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}

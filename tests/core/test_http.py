"""redirect_within_site never sends a visitor to another site."""

import pytest
from django.test import RequestFactory

from community_portal.core.http import redirect_within_site


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/inbox/?page=2", "/inbox/?page=2"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("javascript:alert(1)", "/"),
        ("", "/"),
        ("http://testserver/inbox/", "http://testserver/inbox/"),
        # Not addresses: a URL name, a date, control characters, a relative path.
        ("home", "/"),
        ("99999-01-01", "/"),
        ("/inbox/\x00", "/"),
        ("/inbox/\nSet-Cookie: x=1", "/"),
        ("inbox/", "/"),
    ],
)
def test_only_addresses_on_this_site_are_followed(target, expected):
    request = RequestFactory().post("/somewhere/")

    response = redirect_within_site(request, target, "home")

    assert response.url == expected

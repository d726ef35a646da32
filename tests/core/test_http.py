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
    ],
)
def test_only_addresses_on_this_site_are_followed(target, expected):
    request = RequestFactory().post("/somewhere/")

    response = redirect_within_site(request, target, "home")

    assert response.url == expected

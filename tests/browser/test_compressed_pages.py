"""Cached pages reach Chromium gzip-compressed, with the visitor's own CSRF token
inside the compressed page: the browser shows the page, and the form it holds posts."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from community_portal.core.page_cache import HEADER
from members.models import User
from tests.factories.members import DEFAULT_PASSWORD, MemberFactory
from tests.factories.programs import ProgramFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_anonymous_visitor_reads_a_compressed_cached_page(page):
    program = ProgramFactory(title="Co-construction for universities")
    page.goto(program.get_absolute_url())

    again = page.goto(program.get_absolute_url())

    assert again.headers[HEADER.lower()] == "hit"
    assert again.headers["content-encoding"] == "gzip"
    expect(page.get_by_role("heading", name="Co-construction for universities")).to_be_visible()
    assert page.console_errors == []


def test_a_member_switches_language_from_a_compressed_page_of_their_own(page):
    member = MemberFactory(preferred_language="en")
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(member.email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.goto(reverse("notifications:inbox"))

    again = page.goto(reverse("notifications:inbox"))
    # The footer's form carries this member's token, put into the compressed page.
    page.get_by_label("Language").select_option("zh-hans")
    page.get_by_role("button", name="Switch").click()

    assert (again.headers[HEADER.lower()], again.headers["content-encoding"]) == ("hit", "gzip")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    assert User.objects.get(pk=member.pk).preferred_language == "zh-hans"

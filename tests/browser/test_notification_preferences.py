"""The notification preferences as a member uses them on a phone: valid HTML, no axe
violation, 360 px wide; a box cleared and saved stays cleared; the unsubscribe page
of an e-mail works without signing in."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from community_portal.notifications import preferences
from tests.browser.crawler import VIEWPORT_WIDTH, CrawledPage, check_page, validate_html
from tests.browser.test_members_journey import sign_in
from tests.factories.members import MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)


def checked(page, url):
    page.set_viewport_size({"width": VIEWPORT_WIDTH, "height": 800})
    page.goto(url)
    crawled = check_page(page, url, page.content())
    crawled.label = url
    return crawled


def test_member_switches_an_email_off_on_a_phone(page):
    member = MemberFactory()
    sign_in(page, member.email)
    token = preferences.unsubscribe_token(member_id=member.pk, kind_id="submissions.not_selected")
    pages: list[CrawledPage] = []

    pages.append(checked(page, reverse("notifications:preferences")))
    box = page.get_by_role("checkbox", name="Your submission is not selected: E-mail")
    expect(box).to_be_checked()
    expect(
        page.get_by_role("checkbox", name="Your tier changes (what your account may do): E-mail")
    ).to_be_disabled()
    box.uncheck()
    page.get_by_role("button", name="Save notification settings").click()

    expect(page.get_by_text("Your notification settings are saved.")).to_be_visible()
    expect(
        page.get_by_role("checkbox", name="Your submission is not selected: E-mail")
    ).not_to_be_checked()
    expect(
        page.get_by_role("checkbox", name="Your submission is not selected: Inbox")
    ).to_be_checked()
    pages.append(checked(page, reverse("notifications:preferences")))

    page.context.clear_cookies()
    pages.append(checked(page, reverse("notifications:unsubscribe", args=[token])))
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    pages.append(checked(page, reverse("notifications:unsubscribe", args=["forged"])))

    for crawled in pages:
        assert crawled.overflow == "", crawled.label
        assert crawled.axe_violations == [], crawled.label
    assert validate_html(pages) == {}

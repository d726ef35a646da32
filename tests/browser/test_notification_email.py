"""The notification e-mail as a phone shows it: 390 px wide, in light and dark mode,
and the same without its <style> element (clients that strip it); and framed in
the reviewers' preview, which the site's Content-Security-Policy allows."""

import re

import pytest
from playwright.sync_api import expect

from community_portal.notifications.emails import render_email
from community_portal.notifications.kinds import KINDS_BY_ID
from tests.browser.test_members_journey import sign_in
from tests.factories.members import ReviewerFactory

pytestmark = pytest.mark.django_db

PHONE = {"width": 390, "height": 844}


def longest_email(language):
    kind = KINDS_BY_ID["stations.event_reminder"]
    params = {**kind.sample_params(), "place": "https://meet.example.org/" + "a" * 80}
    return render_email(
        language=language,
        recipient_name="Lin Xiao",
        subject=kind.subject,
        body=kind.body,
        params=params,
        url="/stations/shanghai/events/1/",
    ).html


def background(page, selector):
    return page.eval_on_selector(selector, "element => getComputedStyle(element).backgroundColor")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_email_fits_a_phone_in_light_and_dark_mode(browser, language, scheme):
    context = browser.new_context(viewport=PHONE, color_scheme=scheme)
    page = context.new_page()

    page.set_content(longest_email(language))

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    card = background(page, ".email-card")
    assert card == ("rgb(30, 41, 59)" if scheme == "dark" else "rgb(255, 255, 255)")
    context.close()


def test_email_without_its_style_element_keeps_its_colours_and_width(browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()

    page.set_content(re.sub(r"<style>.*?</style>", "", longest_email("en"), flags=re.DOTALL))

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert background(page, "body") == "rgb(248, 250, 252)"
    assert background(page, ".email-card") == "rgb(255, 255, 255)"
    assert background(page, ".email-button") == "rgb(29, 78, 216)"
    context.close()


@pytest.mark.django_db(transaction=True)
def test_reviewer_sees_the_html_emails_framed_in_the_preview(page, settings, live_server):
    settings.SITE_URL = live_server.url
    reviewer = ReviewerFactory()

    sign_in(page, reviewer.email)
    page.goto("/admin/notifications/notification/preview/#kind-members.welcome")

    frame = page.frame_locator("#kind-members\\.welcome iframe").first
    expect(frame.locator(".email-card")).to_contain_text("Welcome to")
    blocked = [error for error in page.console_errors if "Content Security Policy" in error]
    assert blocked == []

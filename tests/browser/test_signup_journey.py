"""First journey: sign up, verify by e-mail, log in, switch to Chinese, open the inbox."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-and-unusual-passphrase"


def test_sign_up_verify_log_in_switch_language_open_inbox(page, live_server):
    page.goto("/")
    page.get_by_role("link", name="Sign up").first.click()

    page.get_by_label("Email").fill("lin@example.com")
    page.get_by_label("Username").fill("linwei")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again):").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    (message,) = [m for m in mail.outbox if m.to == ["lin@example.com"]]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    page.get_by_label("Email").fill("lin@example.com")
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    navigation = page.get_by_role("navigation", name="Main")
    expect(navigation.get_by_role("link", name="Inbox")).to_be_visible()

    page.get_by_label("Language").select_option("zh-hans")
    page.get_by_role("button", name="Switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="收件箱").click()
    expect(page.get_by_role("heading", name="收件箱", exact=True)).to_be_visible()
    expect(page.get_by_text("欢迎加入")).to_be_visible()
    expect(page.get_by_test_id("unread-count")).to_have_text("1")

    assert page.console_errors == []  # a CSP violation would show up here

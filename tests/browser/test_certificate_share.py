"""A holder shares a certificate: the copy button (first-party script, under the site's
CSP) puts the verification link on the clipboard; the input holds it either way."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.factories.members import CertificateFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_copy_button_copies_the_share_link(page):
    certificate = CertificateFactory()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])

    page.goto(certificate.get_absolute_url())
    page.get_by_role("button", name="Copy link").click()

    expect(page.get_by_role("status").filter(has_text="Link copied.")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{settings.SITE_URL}{certificate.get_absolute_url()}"
    assert page.console_errors == []
    linkedin = page.get_by_role("link", name="Add to LinkedIn")
    assert linkedin.get_attribute("href").startswith("https://www.linkedin.com/profile/add?")


def test_share_link_is_there_to_select_without_javascript(browser, live_server):
    certificate = CertificateFactory()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()

    page.goto(certificate.get_absolute_url())

    expect(page.get_by_label("Link to this page")).to_have_value(
        f"{settings.SITE_URL}{certificate.get_absolute_url()}"
    )
    expect(page.get_by_role("button", name="Copy link")).to_be_hidden()
    context.close()

"""A station lead asks for a certificate of service on their account, a reviewer issues
it in the admin, a visitor verifies it by number and sees the title on the profile."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_members_journey import forget_admin_favicon_error, sign_in
from tests.factories.members import MemberFactory, ReviewerFactory
from tests.factories.stations import StationFactory
from tests.factories.titles import ServiceTermFactory
from titles.models import ServiceCertificateRequest

pytestmark = pytest.mark.django_db(transaction=True)


def test_ask_issue_verify_a_certificate_of_service(page):
    lead = MemberFactory(email="chen@example.com", display_name="Chen Jie")
    ServiceTermFactory(holder=lead, station=StationFactory(name="Shanghai", lead=False))
    ReviewerFactory(email="rui@example.com")

    sign_in(page, "chen@example.com")
    page.goto("/members/me/certifications/")
    page.get_by_role("link", name="Service", exact=True).click()
    expect(page.get_by_role("heading", name="Lead of the Shanghai station")).to_be_visible()
    page.get_by_text("Ask for a certificate of service").click()
    page.get_by_label("What you did (optional)").fill("Ran the monthly meetups.")
    page.get_by_role("button", name="Send to the reviewers").click()
    expect(page.get_by_text("Your request is sent to the reviewers.")).to_be_visible()
    expect(page.get_by_text("Asked for by the member")).to_be_visible()
    assert page.console_errors == []

    sign_in(page, "rui@example.com")
    page.goto("/admin/titles/servicecertificaterequest/")
    page.locator("input[name=_selected_action]").first.check()
    page.locator("select[name=action]").select_option(label="Issue the certificate of service")
    page.locator("button[name=index]").click()
    page.locator("#id_comment").fill("Thank you!")
    page.locator("input[type=submit].default").click()
    expect(page.locator(".messagelist")).to_contain_text("1 row done")
    forget_admin_favicon_error(page)
    number = ServiceCertificateRequest.objects.get().certificate.number

    page.context.clear_cookies()
    page.goto("/members/certificates/verify/")
    page.get_by_label("Certificate number").fill(number)
    page.get_by_role("button", name="Verify").click()
    expect(page).to_have_url(re.compile(f"/members/certificates/{number}/$"))
    expect(page.get_by_role("heading", name="This certificate is valid.")).to_be_visible()
    expect(page.get_by_text("Lead of the Shanghai station")).to_be_visible()
    page.get_by_role("link", name="Chen Jie").first.click()
    expect(page.get_by_text("Lead of the Shanghai station, 2021 – 2024")).to_be_visible()  # noqa: RUF001
    assert page.console_errors == []

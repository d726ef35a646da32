"""A reviewer opens the community health dashboard, changes the period and downloads a
CSV; the page passes axe-core, the Nu checker and fits a phone."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.crawler import VIEWPORT_WIDTH, check_page, validate_html
from tests.factories.members import MemberFactory, ReviewerFactory
from tests.factories.stations import EventFactory, RegistrationFactory, StationFactory
from tests.factories.submissions import SubmissionFactory

pytestmark = pytest.mark.django_db(transaction=True)


def activity():
    station = StationFactory(name="Shanghai")
    now = timezone.now()
    for days_ago in (2, 10, 25, 50, 80, 200):
        moment = now - timedelta(days=days_ago)
        MemberFactory(date_joined=moment)
        SubmissionFactory(selected=True, submitted_at=moment, selected_at=moment)
        event = EventFactory(station=station, starts_at=moment)
        RegistrationFactory.create_batch(2, event=event, attended=True)
        RegistrationFactory(event=event)


def reviewer_tab(browser, live_server, width=None):
    """A tab signed in as a reviewer; axe-core is injected past the site's CSP, in tests only."""
    options = {"viewport": {"width": width, "height": 800}} if width else {}
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", bypass_csp=True, accept_downloads=True, **options
    )
    client = Client()
    client.force_login(ReviewerFactory())
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def test_reviewer_changes_the_period_and_downloads_a_csv(browser, live_server, tmp_path):
    activity()
    context, page = reviewer_tab(browser, live_server)
    try:
        page.goto("/insight/")
        expect(page.get_by_role("heading", name="Community health", level=1)).to_be_visible()
        expect(page.get_by_role("img", name="New members, running total")).to_be_visible()

        page.get_by_role("combobox", name="Period").select_option(label="Last 30 days")
        page.get_by_role("button", name="Show").click()
        expect(page).to_have_url(
            f"{live_server.url}/insight/?period=30&start=&end=&station=&campaign=&program="
        )
        thirty = page.get_by_test_id("figure-events").get_by_test_id("current")
        expect(thirty).to_have_text("3")

        page.get_by_role("combobox", name="Period").select_option(label="Last 365 days")
        page.get_by_role("button", name="Show").click()
        expect(page.get_by_test_id("figure-events").get_by_test_id("current")).to_have_text("6")

        # The table alternative opens without JavaScript.
        page.get_by_text("Data table: Registrations and check-ins").click()
        expect(page.locator("#chart-attendance table")).to_be_visible()

        with page.expect_download() as download_info:
            page.get_by_test_id("csv-attendance").click()
        download = download_info.value
        saved = Path(tmp_path) / download.suggested_filename
        download.save_as(saved)
        lines = saved.read_text().splitlines()
        assert lines[0] == "Month,Registrations,Check-ins"
        assert sum(int(line.split(",")[1]) for line in lines[1:]) == 18
    finally:
        context.close()


def test_dashboard_passes_axe_and_the_nu_checker_and_fits_a_phone(browser, live_server):
    activity()
    context, page = reviewer_tab(browser, live_server, width=VIEWPORT_WIDTH)
    try:
        response = page.goto("/insight/?period=365")
        # Open every table so that axe sees them too.
        for summary in page.locator("details > summary").all():
            summary.click()
        crawled = check_page(page, page.url, response.text())
    finally:
        context.close()

    assert crawled.axe_violations == []
    assert crawled.overflow == ""
    assert validate_html([crawled]) == {}

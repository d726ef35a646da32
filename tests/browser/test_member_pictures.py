"""The pages with member pictures (issue 15) are valid HTML, fit a 360 px phone and pass
axe-core in every language, with charts drawn: points over time, the contribution
calendar, the leaderboard's avatars, a station's attendance and leadership, a
campaign's activity."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from submissions import services
from tests.browser.crawler import check_page, validate_html
from tests.browser.test_every_page import LANGUAGES, browser_context
from tests.factories.members import MemberFactory, ReviewerFactory
from tests.factories.stations import (
    EventFactory,
    MembershipFactory,
    RegistrationFactory,
    StationFactory,
)
from tests.factories.submissions import CampaignFactory, SubmissionFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_pages_with_pictures_pass_the_checks(browser, live_server):
    now = timezone.now()
    member = MemberFactory(display_name="Lin Wei")
    reviewer = ReviewerFactory()
    campaign = CampaignFactory()
    for days_ago in (400, 200, 90, 40, 3):
        chosen = SubmissionFactory(campaign=campaign, author=member, selected=True)
        services.points_award(
            member=member,
            amount=100,
            reason="Selected",
            source=chosen,
            awarded_by=reviewer,
            awarded_at=now - timedelta(days=days_ago),
        )
    SubmissionFactory(campaign=campaign)
    lead = MemberFactory(display_name="Zhang Min")
    station = StationFactory(lead=lead)
    MembershipFactory(station=station, deputy=True, member=member)
    for days_ago in (60, 30, 7):
        event = EventFactory(station=station, starts_at=now - timedelta(days=days_ago))
        RegistrationFactory.create_batch(2, event=event)
        RegistrationFactory(event=event, attended=True, member=member)
    addresses = [
        reverse("submissions:points"),
        member.get_absolute_url(),
        reverse("submissions:leaderboard"),
        reverse("stations:detail", args=[station.slug]),
        campaign.get_absolute_url(),
    ]
    pages, problems = [], []
    for language in LANGUAGES:
        context, page = browser_context(browser, live_server, language, member)
        for address in addresses:
            response = page.goto(address)
            crawled = check_page(page, page.url, response.text())
            crawled.label = f"[{language}] {address}"
            pages.append(crawled)
            assert 'class="chart' in crawled.html or "person" in crawled.html, crawled.label
            problems.extend(f"{crawled.label}: axe {v}" for v in crawled.axe_violations)
            if crawled.overflow:
                problems.append(f"{crawled.label}: {crawled.overflow}")
        context.close()
    for label, errors in validate_html(pages).items():
        problems.extend(f"{label}: HTML {error}" for error in errors)

    assert problems == []

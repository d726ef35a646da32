"""The reviewers' suggested promotions and a member's "waiting since" are valid HTML, fit a
phone and pass axe-core, in every language; the one action starts the promotion."""

import pytest
from django.conf import settings

from members.models import TierRequest, TierThreshold
from tests.browser.crawler import check_page, validate_html
from tests.browser.test_every_page import LANGUAGES, browser_context
from tests.factories.members import MemberFactory, ReviewerFactory, TierFactory
from tests.factories.stations import RegistrationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_suggested_promotions_pass_axe_and_start_a_promotion(browser, live_server):
    user = TierFactory(level="user")
    contributor = TierFactory(level="contributor")
    TierThreshold.objects.create(tier=contributor, measure="stations.events_attended", minimum=1)
    candidate = MemberFactory(tier=user, display_name="Casey Lin")
    RegistrationFactory(member=candidate, attended=True)
    reviewer = ReviewerFactory()
    pages, problems = [], []
    for language in LANGUAGES:
        context, page = browser_context(browser, live_server, language, reviewer)
        response = page.goto("/members/promotions/")
        crawled = check_page(page, page.url, response.text())
        crawled.label = f"[{language}] suggested promotions"
        pages.append(crawled)
        problems.extend(f"{crawled.label}: axe {v}" for v in crawled.axe_violations)
        if crawled.overflow:
            problems.append(f"{crawled.label}: {crawled.overflow}")
        context.close()
    for label, errors in validate_html(pages).items():
        problems.extend(f"{label}: HTML {error}" for error in errors)

    context, page = browser_context(browser, live_server, settings.LANGUAGE_CODE, reviewer)
    page.goto("/members/promotions/")
    page.get_by_role("button", name="Start the promotion").first.click()
    page.wait_for_load_state()
    context.close()

    assert problems == []
    assert TierRequest.objects.get(member=candidate).suggested_by_portal is True

    context, page = browser_context(browser, live_server, settings.LANGUAGE_CODE, candidate)
    response = page.goto("/members/me/tier/")
    crawled = check_page(page, page.url, response.text())
    context.close()
    assert "Waiting since" in crawled.html
    assert crawled.axe_violations == []

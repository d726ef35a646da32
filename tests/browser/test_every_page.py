"""Every page a visitor or a member can reach, in every language, is valid HTML (the Nu
HTML checker), fits a 360 px wide phone and passes axe-core.

The crawl starts from the home page of the demo data, as an anonymous visitor and then
as the demo member, and visits one URL per URL pattern and set of query-string keys
(tests/browser/crawler.py); the admin is Django's and is left out. One browser and one
run of the checker serve all of it.
"""

import io
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from members.models import User
from tests.browser.crawler import VIEWPORT_WIDTH, crawl, pattern_key, validate_html

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = [code for code, _name in settings.LANGUAGES]

# Pages the crawl must reach, or it proves nothing about them: those the issue named
# (the tier page, an event with a meeting link, sign-up, password change, past events).
MUST_REACH = {
    "",
    "accounts/signup/",
    "accounts/password/change/",
    "members/me/tier/",
    "members/me/service/",
    "stations/<slug:slug>/events/<int:pk>/",
    "stations/<slug:slug>/past-events/",
    "programs/applications/",
    "partners/",
    "partners/applications/<int:pk>/",
    "campaigns/mine/",
    "inbox/",
    "stars/",
    "stars/<int:year>/",
}


@pytest.fixture
def demo_data():
    # The demo accounts' passwords are published; the test server is not production.
    call_command("seed_demo", allow_production=True, stdout=io.StringIO())


def browser_context(browser, live_server, language, member=None):
    """A phone-sized tab in one language; axe-core is injected past the site's CSP,
    in tests only."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": VIEWPORT_WIDTH, "height": 800},
        bypass_csp=True,
    )
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    if member is not None:
        # A member's own preference wins over the cookie (members.middleware).
        User.objects.filter(pk=member.pk).update(preferred_language=language)
        client = Client()
        client.force_login(member)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append(
            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}
        )
    context.add_cookies(cookies)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _check(crawled, language, who, pages, problems) -> None:
    address = urlsplit(crawled.url)._replace(scheme="", netloc="").geturl()
    crawled.label = f"[{language} {who}] {address}"
    pages.append(crawled)
    if crawled.status != 200:
        problems.append(f"{crawled.label}: HTTP {crawled.status}")
    if crawled.language != language:
        problems.append(f"{crawled.label}: <html lang={crawled.language!r}>")
    if crawled.overflow:
        problems.append(f"{crawled.label}: {crawled.overflow}")
    problems.extend(f"{crawled.label}: axe {v}" for v in crawled.axe_violations)


def _report(pages, problems) -> None:
    for label, errors in validate_html(pages).items():
        problems.extend(f"{label}: HTML {error}" for error in errors)
    if problems:
        pytest.fail(f"{len(problems)} problems on {len(pages)} pages:\n" + "\n".join(problems))


def test_every_page_is_valid_fits_a_phone_and_passes_axe(browser, live_server, demo_data):
    member = User.objects.get(username="member")
    pages, problems = [], []
    for language in LANGUAGES:
        for visitor in (None, member):
            who = "member" if visitor else "visitor"
            context, page = browser_context(browser, live_server, language, visitor)
            for crawled in crawl(page, live_server.url):
                _check(crawled, language, who, pages, problems)
            context.close()

    reached = {pattern_key(crawled.url)[0] for crawled in pages}
    assert MUST_REACH - reached == set()
    _report(pages, problems)


# The reviewers' pages outside the admin (the admin's index links to them, and the
# crawl leaves the admin out): started from here, following links under them only.
REVIEWER_PAGES = (
    "/insight/",
    "/members/promotions/",
    "/members/volunteer-groups/overdue/",
    "/stations/shanghai/manage/",
)
REVIEWER_MUST_REACH = {"insight/", "members/promotions/", "stations/<slug:slug>/manage/"}


def test_reviewer_pages_are_valid_fit_a_phone_and_pass_axe(browser, live_server, demo_data):
    """The dashboard with two years of demo history in each chart, its period and
    filter variants, suggested promotions and a station's management pages."""
    reviewer = User.objects.get(username="reviewer")
    pages, problems = [], []
    for language in LANGUAGES:
        context, page = browser_context(browser, live_server, language, reviewer)
        for crawled in crawl(page, live_server.url, REVIEWER_PAGES, within=REVIEWER_PAGES):
            _check(crawled, language, "reviewer", pages, problems)
        context.close()

    reached = {pattern_key(crawled.url)[0] for crawled in pages}
    assert REVIEWER_MUST_REACH - reached == set(), reached
    _report(pages, problems)


# Any two boxes of the header (the brand, each link and button) that overlap.
OVERLAPS = """() => {
    const items = [...document.querySelectorAll(".brand, #site-nav a, #site-nav button")];
    const boxes = items.map((item) => [item.textContent.trim(), item.getBoundingClientRect()]);
    const overlaps = [];
    const apart = (a, b) => a.right - 1 <= b.left || a.bottom - 1 <= b.top;
    boxes.forEach(([name, a], i) => boxes.slice(i + 1).forEach(([other, b]) => {
        if (!apart(a, b) && !apart(b, a)) overlaps.push(name + " / " + other);
    }));
    return overlaps;
}"""


@pytest.mark.parametrize("width", [800, 1024, 1280])
def test_header_links_never_overlap_on_wide_screens(browser, live_server, member, width):
    User.objects.filter(pk=member.pk).update(display_name="Anastasia Konstantinopoulou-Wei")
    problems = []
    for language in LANGUAGES:
        context, page = browser_context(browser, live_server, language, member)
        page.set_viewport_size({"width": width, "height": 600})
        page.goto("/")
        problems.extend(f"[{language}] {overlap}" for overlap in page.evaluate(OVERLAPS))
        if page.evaluate("document.documentElement.scrollWidth") > width:
            problems.append(f"[{language}] the page is wider than {width} px")
        context.close()

    assert problems == []

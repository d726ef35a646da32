"""Every list page costs the same number of queries with 1 row as with 50."""

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from submissions import services
from submissions.enums import Channel, RewardRuleKind
from tests.factories.members import MemberFactory
from tests.factories.submissions import CampaignFactory, RewardRuleFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _render_every_request(settings):
    """These count what rendering costs; tests/core/test_page_cache.py counts a cached hit."""
    settings.PAGE_CACHE_ENABLED = False


ROWS = [1, 50]
# Every signed-in page: the session and the member (the inbox's unread count is kept
# in the cache from the warm-up request on).
SIGNED_IN = 2


def measure(client, url, django_assert_num_queries, expected):
    client.get(url)  # warm the content-type cache, as any running site has it
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("rows", ROWS)
def test_campaign_list(client, django_assert_num_queries, rows):
    CampaignFactory.create_batch(rows)

    # count, page of campaigns, home card's open campaigns are not on this page
    measure(client, reverse("submissions:campaign_list"), django_assert_num_queries, 2)


@pytest.mark.parametrize("rows", ROWS)
def test_campaign_page(member_client, member, reviewer, django_assert_num_queries, rows):
    campaign = CampaignFactory()
    for position in range(rows):
        RewardRuleFactory(
            campaign=campaign,
            position=position,
            kind=RewardRuleKind.DATE_RANGE,
            limit=None,
            points=100,
            ends_on=datetime(2099, 1, 1).date(),
            channels=[Channel.BLOG_POST],
        )
    for _ in range(rows):
        mine = SubmissionFactory(campaign=campaign, author=member)
        services.submission_select(submission=mine, reviewer=reviewer)

    # campaign, selected counts, rules, my submissions with points, am I following it
    # (the submissions and selections by day were counted by the first request, and kept)
    response = measure(
        member_client, campaign.get_absolute_url(), django_assert_num_queries, SIGNED_IN + 5
    )
    assert len(response.context["my_submissions"]) == rows


@pytest.mark.parametrize("rows", ROWS)
def test_my_submissions(member_client, member, reviewer, django_assert_num_queries, rows):
    for _ in range(rows):
        rule = RewardRuleFactory()
        services.submission_select(
            submission=SubmissionFactory(campaign=rule.campaign, author=member), reviewer=reviewer
        )

    # count, page of submissions with campaigns and points
    response = measure(
        member_client, reverse("submissions:mine"), django_assert_num_queries, SIGNED_IN + 2
    )
    assert len(response.context["page"]) == min(rows, 20)


@pytest.mark.parametrize("rows", ROWS)
def test_points_page(member_client, member, reviewer, award, django_assert_num_queries, rows):
    for index in range(rows):
        entry = award(member, 100)
        if index % 2:
            services.points_reverse(entry=entry, reason="Oops", reversed_by=reviewer)

    # count, page of entries with corrections, their sources, balance, points earned,
    # the balance by month (the picture)
    response = measure(
        member_client, reverse("submissions:points"), django_assert_num_queries, SIGNED_IN + 6
    )
    assert len(response.context["page"]) == min(rows + rows // 2, 20)


@pytest.mark.parametrize("rows", ROWS)
@pytest.mark.parametrize(
    "url",
    [
        "/campaigns/leaderboard/",
        "/campaigns/leaderboard/2025/",
        "/campaigns/leaderboard/2025/3/",
    ],
)
def test_leaderboards(member_client, member, award, django_assert_num_queries, rows, url):
    with time_machine.travel(timezone.make_aware(datetime(2025, 3, 15, 12)), tick=False):
        award(member, 5)
        for _ in range(rows):
            award(MemberFactory(), 100)

    # the viewer's total, the board's size with the members ahead of the viewer,
    # the first page with its members (ranked from 1)
    response = measure(member_client, url, django_assert_num_queries, SIGNED_IN + 3)
    assert len(response.context["page"]) == min(rows + 1, 25)


@pytest.mark.parametrize("rows", ROWS)
def test_leaderboard_deep_page(client, award, django_assert_num_queries, rows):
    for _ in range(25 + rows):
        award(MemberFactory(), 100)

    # the board's size, the score the page starts at and the members ahead of it,
    # the page with its members
    response = measure(client, "/campaigns/leaderboard/?page=2", django_assert_num_queries, 3)
    assert len(response.context["page"]) == min(rows, 25)


@pytest.mark.parametrize("rows", ROWS)
@pytest.mark.parametrize("name", ["acknowledgments", "acknowledgments_markdown"])
def test_acknowledgments(client, campaign, django_assert_num_queries, rows, name):
    for _ in range(rows):
        SubmissionFactory.create_batch(2, campaign=campaign, author=MemberFactory(), selected=True)

    # the campaign; the names were rendered by the first request and kept until they change
    response = measure(
        client, reverse(f"submissions:{name}", args=[campaign.slug]), django_assert_num_queries, 1
    )
    assert response.content.decode().count("](<https://") in (0, rows * 2)

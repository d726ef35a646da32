"""The recognition pages cost the same number of queries with 1 row as with 50."""

from datetime import date

import pytest
from django.urls import reverse

from recognition.enums import StarKind
from tests.factories.recognition import (
    EssayRecommendationFactory,
    JudgeFactory,
    NominationFactory,
)
from tests.factories.submissions import CampaignFactory

pytestmark = pytest.mark.django_db

ROWS = [1, 50]


@pytest.fixture(autouse=True)
def _render_every_request(settings):
    settings.PAGE_CACHE_ENABLED = False


def measure(client, url, django_assert_num_queries, expected):
    client.get(url)  # warm the content-type cache, as any running site has it
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response


def stars(rows):
    for index in range(rows):
        NominationFactory(star=True, period=date(2025, 1 + index % 12, 1))


@pytest.mark.parametrize("rows", ROWS)
def test_hall_of_fame(client, django_assert_num_queries, rows):
    stars(rows)

    # the count, the page of stars with their members, the years
    measure(client, reverse("recognition:hall"), django_assert_num_queries, 3)


@pytest.mark.parametrize("rows", ROWS)
def test_year_page(client, django_assert_num_queries, rows):
    stars(rows)
    NominationFactory(star=True, kind=StarKind.YEAR, period=date(2025, 1, 1))

    # the year's stars with their members, the years
    measure(client, reverse("recognition:year", args=[2025]), django_assert_num_queries, 2)


@pytest.mark.parametrize("rows", ROWS)
def test_judges_page(client, django_assert_num_queries, rows):
    campaign = CampaignFactory()
    EssayRecommendationFactory.create_batch(rows, submission__campaign=campaign)
    client.force_login(JudgeFactory())

    # the session, the judge, their permissions (groups' and own), the count, the page
    response = measure(client, reverse("recognition:essays"), django_assert_num_queries, 6)
    assert len(response.context["page"].object_list) == min(rows, 24)


@pytest.mark.parametrize("rows", ROWS)
def test_profile_badges(client, django_assert_num_queries, rows):
    member = NominationFactory(star=True).member
    for index in range(1, rows):
        period = date(2020 + index // 12, 1 + index % 12, 1)
        NominationFactory(star=True, member=member, period=period)

    # the profile page's own queries (titles included; the drawn calendar is kept from
    # the first request), and one for the badges whatever their number
    response = measure(
        client, reverse("members:profile", args=[member.username]), django_assert_num_queries, 10
    )
    assert response.content.decode().count("★") == rows

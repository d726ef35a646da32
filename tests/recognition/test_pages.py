"""The hall of fame (public), the profile badge, and the judges' page (judges only)."""

from datetime import date

import pytest
from django.urls import reverse

from recognition import services
from recognition.enums import StarKind
from tests.factories.members import MemberFactory, ReviewerFactory
from tests.factories.recognition import (
    EssayRecommendationFactory,
    JudgeFactory,
    NominationFactory,
)
from tests.factories.stations import station_lead

pytestmark = pytest.mark.django_db

HALL = reverse("recognition:hall")
ESSAYS = reverse("recognition:essays")


def texts(response) -> str:
    return response.content.decode()


# --- The hall of fame --------------------------------------------------------------------


def test_hall_of_fame_says_so_when_nobody_is_a_star_yet(client):
    NominationFactory()  # nominated, not chosen

    response = client.get(HALL)

    assert response.status_code == 200
    assert "No stars have been chosen yet." in texts(response)


def test_hall_of_fame_shows_stars_with_their_citation_latest_first(client):
    NominationFactory(star=True, member__display_name="Lin Xiao", period=date(2025, 2, 1))
    NominationFactory(
        star=True,
        member__display_name="Chen Jing",
        period=date(2025, 3, 1),
        citation="A migration story.",
    )
    NominationFactory(member__display_name="Wang Lei")  # only nominated

    page = texts(client.get(HALL))

    assert "A migration story." in page
    assert page.index("Chen Jing") < page.index("Lin Xiao")
    assert "Star of March 2025" in page
    assert "Wang Lei" not in page


def test_hall_of_fame_pages_through_stars(client):
    for month in range(1, 13):
        for _ in range(3):
            NominationFactory(star=True, period=date(2024, month, 1))

    first = client.get(HALL)
    second = client.get(HALL, {"page": 2})

    assert len(first.context["page"].object_list) == 24
    assert len(second.context["page"].object_list) == 12
    assert "Page 1 of 2" in texts(first)


def test_hall_of_fame_is_in_chinese_and_french(client):
    NominationFactory(star=True)

    chinese = texts(client.get(HALL, {"lang": "zh-hans"}))
    french = texts(client.get(HALL, {"lang": "fr"}))

    assert "名人堂" in chinese
    assert "Tableau d\u2019honneur" in french


def test_year_page_shows_the_star_of_the_year_and_the_months(client, reviewer):
    month = NominationFactory(member__display_name="Lin Xiao")
    services.star_choose(nomination=month, reviewer=reviewer, citation="March.")
    year = month.member.nominations.get(kind=StarKind.YEAR)
    services.star_choose(nomination=year, reviewer=ReviewerFactory(), citation="The year's best.")

    response = client.get(reverse("recognition:year", args=[2025]))

    assert [star.member for star in response.context["year_stars"]] == [month.member]
    assert [star.member for star in response.context["month_stars"]] == [month.member]
    assert "The year&#x27;s best." in texts(response)


def test_year_without_stars_has_an_empty_state(client):
    response = client.get(reverse("recognition:year", args=[2024]))

    assert response.status_code == 200
    assert "No star of the month this year yet." in texts(response)


def test_a_year_out_of_range_is_not_found(client):
    assert client.get(reverse("recognition:year", args=[1])).status_code == 404


def test_choosing_a_star_refreshes_the_cached_hall_of_fame(client, settings, reviewer):
    settings.PAGE_CACHE_ENABLED = True
    nomination = NominationFactory(member__display_name="Zhao Qiang")
    client.get(HALL)
    assert "Zhao Qiang" not in texts(client.get(HALL))

    services.star_choose(nomination=nomination, reviewer=reviewer, citation="Chapter 9.")

    assert "Zhao Qiang" in texts(client.get(HALL))


def test_profile_shows_the_members_star_badges(client):
    star = NominationFactory(star=True)
    NominationFactory(star=True, member=star.member, kind=StarKind.YEAR, period=date(2025, 1, 1))

    page = texts(client.get(reverse("members:profile", args=[star.member.username])))

    assert "★ Star of March 2025" in page
    assert "★ Star of the year 2025" in page


def test_profile_of_a_nominee_shows_no_badge(client):
    nomination = NominationFactory()

    page = texts(client.get(reverse("members:profile", args=[nomination.member.username])))

    assert "★" not in page


def test_sitemap_lists_the_hall_of_fame_and_each_year_with_stars(client):
    NominationFactory(star=True)

    pages = texts(client.get("/sitemap-pages.xml"))
    stars = texts(client.get("/sitemap-stars.xml"))

    assert HALL in pages
    assert reverse("recognition:year", args=[2025]) in stars


# --- The judges' page: everyone who might try it -----------------------------------------


@pytest.fixture
def recommendation():
    return EssayRecommendationFactory(submission__title="Backup and restore to NFS")


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("another member", 403),
        ("the owner", 403),
        ("lead of another station", 403),
        ("reviewer", 403),
        ("judge", 200),
    ],
)
def test_essay_competition_page_is_for_its_judges(client, recommendation, who, expected):
    people = {
        "another member": MemberFactory,
        "the owner": lambda: recommendation.submission.author,
        "lead of another station": station_lead,
        "reviewer": ReviewerFactory,
        "judge": JudgeFactory,
    }
    if who != "anonymous":
        client.force_login(people[who]())

    response = client.get(ESSAYS)

    if expected == "login":
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    else:
        assert response.status_code == expected
    assert ("Backup and restore to NFS" in texts(response)) == (expected == 200)


def test_judges_see_the_note_and_who_recommended(client, recommendation):
    client.force_login(JudgeFactory())

    page = texts(client.get(ESSAYS))

    assert "Strong enough for the competition." in page
    assert recommendation.recommended_by.public_name in page


def test_judges_page_says_so_when_nothing_is_recommended(client):
    client.force_login(JudgeFactory())

    assert "No content has been recommended" in texts(client.get(ESSAYS))


@pytest.mark.parametrize(
    "who", ["anonymous", "another member", "the owner", "lead of another station", "reviewer"]
)
def test_hall_of_fame_is_public_for_everyone(client, who):
    star = NominationFactory(star=True, citation="Chapter 7.")
    people = {
        "another member": MemberFactory,
        "the owner": lambda: star.member,
        "lead of another station": station_lead,
        "reviewer": ReviewerFactory,
    }
    if who != "anonymous":
        client.force_login(people[who]())

    response = client.get(HALL)

    assert response.status_code == 200
    assert "Chapter 7." in texts(response)

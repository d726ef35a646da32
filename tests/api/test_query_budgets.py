"""Every list of the API costs the same number of queries for 1 row as for 50."""

import pytest

from submissions import services as submission_services
from tests.api.conftest import bearer, token_for
from tests.factories.members import (
    CertificateFactory,
    MemberFactory,
    ReviewerFactory,
    TierFactory,
)
from tests.factories.programs import ApplicationFactory, MilestoneFactory, NamedMemberFactory
from tests.factories.stations import EventFactory, RegistrationFactory, StationFactory
from tests.factories.submissions import (
    CampaignFactory,
    RewardRuleFactory,
    SubmissionFactory,
)

pytestmark = pytest.mark.django_db

ROWS = [1, 50]
# With a token: the token with its member ("last used" was just written by the warm-up).
TOKEN = 1


def measure(client, url, django_assert_num_queries, expected, rows, **headers):
    client.get(url, **headers)  # warm the content-type cache, as any running site has it
    with django_assert_num_queries(expected):
        response = client.get(url, **headers)
    assert response.status_code == 200
    assert len(response.json()["items"]) == rows
    return response


@pytest.mark.parametrize("rows", ROWS)
def test_programs(client, django_assert_num_queries, rows):
    for _ in range(rows):
        ApplicationFactory(approved=True)

    # count, page with participant counts
    measure(client, "/api/v1/programs?limit=100", django_assert_num_queries, 2, rows)


@pytest.mark.parametrize("rows", ROWS)
def test_showcase(client, django_assert_num_queries, rows):
    for _ in range(rows):
        MilestoneFactory.create_batch(2)

    # count, participants with programs, milestones
    measure(client, "/api/v1/showcase?limit=100", django_assert_num_queries, 3, rows * 2)


@pytest.mark.parametrize("rows", ROWS)
def test_stations(client, django_assert_num_queries, rows):
    for _ in range(rows):
        EventFactory(station=StationFactory())

    # count, page of stations, their member counts and next events
    measure(client, "/api/v1/stations?limit=100", django_assert_num_queries, 3, rows)


@pytest.mark.parametrize("rows", ROWS)
def test_station_upcoming_events_and_leadership(client, django_assert_num_queries, rows):
    station = StationFactory()
    EventFactory.create_batch(rows, station=station)
    for _ in range(rows):
        from tests.factories.stations import MembershipFactory

        MembershipFactory(station=station, committee=True)

    # station with member count, leadership with members, upcoming events with counts
    with django_assert_num_queries(3):
        response = client.get(f"/api/v1/stations/{station.slug}")
    assert len(response.json()["upcoming_events"]) == rows


@pytest.mark.parametrize("rows", ROWS)
def test_events(client, django_assert_num_queries, rows):
    EventFactory.create_batch(rows)

    # count, events with stations and seat counts
    measure(client, "/api/v1/events?limit=100", django_assert_num_queries, 2, rows)


@pytest.mark.parametrize("rows", ROWS)
def test_campaigns(client, django_assert_num_queries, rows):
    for _ in range(rows):
        RewardRuleFactory.create_batch(2, campaign=CampaignFactory())

    # count, campaigns, their rules
    measure(client, "/api/v1/campaigns?limit=100", django_assert_num_queries, 3, rows)


@pytest.mark.parametrize("rows", ROWS)
def test_acknowledgments(client, django_assert_num_queries, rows):
    campaign = CampaignFactory()
    SubmissionFactory.create_batch(rows, campaign=campaign, selected=True)
    url = f"/api/v1/campaigns/{campaign.slug}/acknowledgments?limit=100"

    # the campaign; the list is a cached result, kept until a selection or a name changes
    measure(client, url, django_assert_num_queries, 1, rows)


@pytest.mark.parametrize("rows", ROWS)
@pytest.mark.parametrize("board", ["all-time", "{year}", "{year}/{month}"])
def test_leaderboards(client, django_assert_num_queries, rows, board):
    from django.utils import timezone

    reviewer = ReviewerFactory()
    for _ in range(rows):
        submission = SubmissionFactory(campaign=RewardRuleFactory().campaign)
        submission_services.submission_select(submission=submission, reviewer=reviewer)
    today = timezone.localdate()
    url = "/api/v1/leaderboards/" + board.format(year=today.year, month=today.month)

    # the board's size and its first page of members (ranked from 1)
    measure(client, f"{url}?limit=100", django_assert_num_queries, 2, rows)


@pytest.mark.parametrize("rows", ROWS)
def test_members(client, django_assert_num_queries, rows):
    tier = TierFactory()
    for _ in range(rows):
        CertificateFactory(holder=MemberFactory(tier=tier))

    # page's keys, rows with tiers, their valid certificates (the count is a cached result)
    measure(client, "/api/v1/members?limit=100", django_assert_num_queries, 3, rows)


# --- With a token ------------------------------------------------------------------------------


@pytest.fixture
def owner():
    return MemberFactory()


@pytest.mark.parametrize("rows", ROWS)
def test_my_points(client, django_assert_num_queries, rows, owner):
    reviewer = ReviewerFactory()
    for _ in range(rows):
        rule = RewardRuleFactory()
        submission = SubmissionFactory(campaign=rule.campaign, author=owner)
        submission_services.submission_select(submission=submission, reviewer=reviewer)
    headers = bearer(token_for(owner))

    # count, entries with corrections, their sources, the balance
    url = "/api/v1/me/points?limit=100"
    measure(client, url, django_assert_num_queries, TOKEN + 4, rows, **headers)


@pytest.mark.parametrize("rows", ROWS)
def test_my_submissions(client, django_assert_num_queries, rows, owner):
    SubmissionFactory.create_batch(rows, author=owner)
    headers = bearer(token_for(owner))

    # count, submissions with campaigns and points
    url = "/api/v1/me/submissions?limit=100"
    measure(client, url, django_assert_num_queries, TOKEN + 2, rows, **headers)


@pytest.mark.parametrize("rows", ROWS)
def test_my_applications(client, django_assert_num_queries, rows, owner):
    for _ in range(rows):
        NamedMemberFactory(application=ApplicationFactory(applicant=owner))
    headers = bearer(token_for(owner))

    # count, applications with programs, named members, comments
    url = "/api/v1/me/applications?limit=100"
    measure(client, url, django_assert_num_queries, TOKEN + 4, rows, **headers)


@pytest.mark.parametrize("rows", ROWS)
def test_my_registrations(client, django_assert_num_queries, rows, owner):
    RegistrationFactory.create_batch(rows, member=owner)
    headers = bearer(token_for(owner))

    # count, registrations with events and stations
    url = "/api/v1/me/registrations?limit=100"
    measure(client, url, django_assert_num_queries, TOKEN + 2, rows, **headers)

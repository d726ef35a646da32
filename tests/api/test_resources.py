"""What each resource shows: the same as its web page, public parts only."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.factories.members import CertificateFactory, MemberFactory
from tests.factories.programs import ApplicationFactory, MilestoneFactory, ProgramFactory
from tests.factories.stations import EventFactory, MembershipFactory, StationFactory
from tests.factories.submissions import CampaignFactory, RewardRuleFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


def test_showcase_lists_participants_with_logo_and_milestones(client):
    milestone = MilestoneFactory(title="In production at scale", promoted=True)
    ApplicationFactory(organization_name="Still a draft")

    items = client.get("/api/v1/showcase").json()["items"]

    assert [item["organization"] for item in items] == [milestone.application.organization_name]
    assert items[0]["logo_url"].startswith("http")
    assert items[0]["milestones"][0]["title"] == "In production at scale"


def test_showcase_filters_by_program_like_its_page(client):
    first = MilestoneFactory().application
    MilestoneFactory()

    chosen = client.get(f"/api/v1/showcase?program={first.program.slug}").json()
    unknown = client.get("/api/v1/showcase?program=no-such-program")

    assert [item["id"] for item in chosen["items"]] == [first.pk]
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["query", "program"]


def test_draft_programs_are_not_listed(client):
    ProgramFactory(title="Draft program", state="draft")

    assert client.get("/api/v1/programs").json()["count"] == 0


def test_station_shows_leadership_by_role_with_public_names(client):
    lead = MemberFactory(display_name="Chen Jie", email="lead@private.example")
    station = StationFactory(lead=lead)
    MembershipFactory(station=station, deputy=True, member__display_name="Deputy Du")
    MembershipFactory(station=station)  # a plain member
    EventFactory(station=station, title="Next meetup")
    EventFactory(station=station, title="Last meetup", starts_at=timezone.now() - timedelta(days=9))

    response = client.get(f"/api/v1/stations/{station.slug}")
    body = response.json()

    roles = {role["role"]: [m["name"] for m in role["members"]] for role in body["leadership"]}
    assert roles == {"lead": ["Chen Jie"], "deputy": ["Deputy Du"], "committee": []}
    assert body["member_count"] == 3
    assert [event["title"] for event in body["upcoming_events"]] == ["Next meetup"]
    assert "lead@private.example" not in response.content.decode()


def test_stations_filter_like_the_directory(client):
    StationFactory(name="Hangzhou", kind="city")
    StationFactory(name="Zhejiang University", kind="university")

    universities = client.get("/api/v1/stations?kind=university").json()
    searched = client.get("/api/v1/stations?q=hang").json()
    bad = client.get("/api/v1/stations?kind=castle")

    assert [s["name"] for s in universities["items"]] == ["Zhejiang University"]
    assert [s["name"] for s in searched["items"]] == ["Hangzhou"]
    assert bad.status_code == 422


def test_events_upcoming_and_past_per_station(client):
    station = StationFactory()
    EventFactory(station=station, title="Soon")
    EventFactory(station=station, title="Over", starts_at=timezone.now() - timedelta(days=3))
    EventFactory(title="Elsewhere")

    upcoming = client.get(f"/api/v1/events?station={station.slug}").json()
    past = client.get(f"/api/v1/events?station={station.slug}&when=past").json()

    assert [e["title"] for e in upcoming["items"]] == ["Soon"]
    assert [e["title"] for e in past["items"]] == ["Over"]


def test_campaign_rules_are_given_in_words(client):
    campaign = CampaignFactory(slug="dba-tutorial")
    RewardRuleFactory(campaign=campaign, name="Angel round", position=1, limit=5, points=1000)
    RewardRuleFactory(
        campaign=campaign,
        name="Early bird",
        position=2,
        kind="date_range",
        limit=None,
        points=200,
        multiplier="2.5",
        ends_on=date(2025, 3, 31),
    )
    SubmissionFactory(campaign=campaign, selected=True)

    body = client.get("/api/v1/campaigns/dba-tutorial").json()

    angel, early = body["rules"]
    assert angel["in_words"] == (
        "Angel round: the first 5 selected submissions get 1,000 points each"
    )
    assert angel["places_left"] == 4
    assert early["in_words"].startswith("Early bird: selected on or before")
    assert early["points"] == 500


def test_unpublished_campaigns_stay_hidden(client):
    CampaignFactory(slug="secret", is_published=False)

    assert client.get("/api/v1/campaigns/secret").status_code == 404
    assert client.get("/api/v1/campaigns/secret/acknowledgments").status_code == 404


def test_certificate_verification_by_number_as_typed(client):
    certificate = CertificateFactory()
    typed = certificate.number.lower().replace("-", " ")

    body = client.get(f"/api/v1/certificates/{typed}").json()

    assert body["number"] == certificate.number
    assert body["state"]["value"] == "valid"
    assert body["holder"]["name"] == certificate.holder.public_name
    assert "email" not in str(body)


def test_profile_shows_what_the_profile_page_shows(client):
    member = MemberFactory(username="sofia", display_name="Sofia", city="Lyon", bio="Hi")
    CertificateFactory(holder=member)

    body = client.get("/api/v1/members/sofia").json()

    assert (body["name"], body["city"], body["bio"]) == ("Sofia", "Lyon", "Hi")
    assert len(body["certificates"]) == 1
    assert "email" not in body


def test_inactive_members_have_no_profile(client):
    MemberFactory(username="gone", is_active=False)

    assert client.get("/api/v1/members/gone").status_code == 404
    assert client.get("/api/v1/members?q=gone").json()["count"] == 0

"""Personal access tokens: made, shown once, stored hashed, revoked; /me/ for every role."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from api import services
from api.models import PersonalAccessToken
from programs.enums import ApplicationState
from stations.enums import StationRole
from tests.api.conftest import bearer, token_for
from tests.factories.members import MemberFactory, ReviewerFactory
from tests.factories.programs import ApplicationFactory
from tests.factories.stations import MembershipFactory, RegistrationFactory, station_lead
from tests.factories.submissions import CampaignFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

ME_URLS = [
    "/api/v1/me",
    "/api/v1/me/points",
    "/api/v1/me/submissions",
    "/api/v1/me/applications",
    "/api/v1/me/registrations",
]


# --- The account page -------------------------------------------------------------------------


def test_token_page_needs_signing_in(client):
    response = client.get(reverse("api:tokens"))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_token_is_shown_once_and_stored_as_a_digest(member_client, member):
    response = member_client.post(reverse("api:tokens"), {"name": "website build"})

    token = response.context["new_token"]
    assert token.startswith("cpt_")
    assert token in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    row = PersonalAccessToken.objects.get(member=member)
    assert row.name == "website build"
    assert token not in (row.digest, row.prefix)
    assert token.startswith(f"cpt_{row.prefix}_")
    again = member_client.get(reverse("api:tokens"))
    assert token not in again.content.decode()
    assert "website build" in again.content.decode()


def test_token_name_is_required_and_unique_among_active_ones(member_client, member):
    member_client.post(reverse("api:tokens"), {"name": "ci"})

    empty = member_client.post(reverse("api:tokens"), {"name": "  "})
    same = member_client.post(reverse("api:tokens"), {"name": "ci"})

    assert empty.status_code == 200 and same.status_code == 200
    assert empty.context["form"].errors["name"]
    assert same.context["form"].errors["name"] == ["You already have a token with this name."]
    assert PersonalAccessToken.objects.filter(member=member).count() == 1


def test_revoked_token_is_refused(member_client, member, client):
    token = token_for(member)
    row = PersonalAccessToken.objects.get(member=member)

    member_client.post(reverse("api:token_revoke", args=[row.pk]))

    row.refresh_from_db()
    assert row.revoked_at is not None
    assert client.get("/api/v1/me", **bearer(token)).status_code == 401


def test_another_members_token_cannot_be_revoked(member_client, other_member, client):
    token = token_for(other_member)
    row = PersonalAccessToken.objects.get(member=other_member)

    response = member_client.post(reverse("api:token_revoke", args=[row.pk]), follow=True)

    assert "This token does not exist." in response.content.decode()
    assert client.get("/api/v1/me", **bearer(token)).status_code == 200


def test_revoke_is_post_only(member_client, member):
    token_for(member)
    row = PersonalAccessToken.objects.get(member=member)

    assert member_client.get(reverse("api:token_revoke", args=[row.pk])).status_code == 405


# --- Using a token ----------------------------------------------------------------------------


def test_last_use_is_recorded_at_most_once_a_minute(client, member):
    token = token_for(member)
    row = PersonalAccessToken.objects.get(member=member)
    assert row.last_used_at is None

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client.get("/api/v1/me", **bearer(token))
        row.refresh_from_db()
        first = row.last_used_at
        traveller.shift(timedelta(seconds=30))
        client.get("/api/v1/me", **bearer(token))
        row.refresh_from_db()
        assert row.last_used_at == first
        traveller.shift(timedelta(minutes=2))
        client.get("/api/v1/me", **bearer(token))
        row.refresh_from_db()
        assert row.last_used_at > first


@pytest.mark.parametrize(
    "header",
    [
        "",
        "Bearer",
        "Bearer nonsense",
        "Bearer cpt_00000000_aaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "Basic bWVtYmVyOnB3",
        "Bearer cpt_🙂🙂🙂🙂🙂🙂🙂🙂_" + "x" * 30,
    ],
)
def test_me_refuses_a_missing_or_wrong_token(client, member, header):
    token_for(member)
    headers = {"HTTP_AUTHORIZATION": header} if header else {}

    response = client.get("/api/v1/me/points", **headers)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "token" in response.json()["detail"]


def test_a_token_with_a_wrong_secret_is_refused(client, member):
    token = token_for(member)

    assert client.get("/api/v1/me", **bearer(token[:-3] + "xyz")).status_code == 401


def test_a_signed_in_session_is_not_enough(member_client):
    """Another site's page can't make a signed-in browser read the member's data."""
    for url in ME_URLS:
        assert member_client.get(url).status_code == 401


def test_an_inactive_members_token_is_refused(client, member):
    token = token_for(member)
    member.is_active = False
    member.save()

    assert client.get("/api/v1/me", **bearer(token)).status_code == 401


def test_too_many_tokens_are_refused(member):
    for number in range(services.MAX_ACTIVE_TOKENS):
        services.token_create(member=member, name=f"t{number}")

    with pytest.raises(services.TokenError) as refused:
        services.token_create(member=member, name="one more")

    assert refused.value.field == "name"


# --- Every role reads only their own data ------------------------------------------------------


@pytest.fixture
def owner_data(member):
    """The owner's points, a submission, an application and a registration."""
    campaign = CampaignFactory()
    SubmissionFactory(campaign=campaign, author=member, title="Owner's own story")
    application = ApplicationFactory(applicant=member, organization_name="Owner Org")
    RegistrationFactory(member=member, event__title="Owner's meetup")
    return application


def _owner_texts(client, token) -> str:
    return "".join(client.get(url, **bearer(token)).content.decode() for url in ME_URLS)


def test_owner_reads_their_own_data(client, member, owner_data):
    token = token_for(member)

    submissions = client.get("/api/v1/me/submissions", **bearer(token)).json()
    applications = client.get("/api/v1/me/applications", **bearer(token)).json()
    registrations = client.get("/api/v1/me/registrations", **bearer(token)).json()
    me = client.get("/api/v1/me", **bearer(token)).json()

    assert me["username"] == member.username
    assert [s["title"] for s in submissions["items"]] == ["Owner's own story"]
    assert [a["organization"] for a in applications["items"]] == ["Owner Org"]
    assert applications["items"][0]["state"]["value"] == ApplicationState.DRAFT
    assert [r["event"]["title"] for r in registrations["items"]] == ["Owner's meetup"]
    assert "contact_email" not in applications["items"][0]


@pytest.mark.parametrize("role", ["other member", "lead of another station", "reviewer"])
def test_other_roles_never_read_the_owners_data(client, member, owner_data, role):
    if role == "other member":
        reader = MemberFactory()
    elif role == "lead of another station":
        reader = station_lead()
        # The owner belongs to a station too, which is not the reader's.
        MembershipFactory(member=member, role=StationRole.COMMITTEE)
    else:
        reader = ReviewerFactory()
    token = token_for(reader)

    texts = _owner_texts(client, token)

    for text in ("Owner's own story", "Owner Org", "Owner's meetup", member.username):
        assert text not in texts
    me = client.get("/api/v1/me", **bearer(token)).json()
    assert me["username"] == reader.username


def test_anonymous_reads_nothing_of_me(client, owner_data):
    for url in ME_URLS:
        response = client.get(url)
        assert response.status_code == 401
        assert "Owner" not in response.content.decode()


def test_points_balance_and_history(client, member, reviewer):
    from submissions import services as submission_services
    from tests.factories.submissions import RewardRuleFactory

    rule = RewardRuleFactory(points=1000)
    submission = SubmissionFactory(campaign=rule.campaign, author=member)
    submission_services.submission_select(submission=submission, reviewer=reviewer)
    token = token_for(member)

    points = client.get("/api/v1/me/points", **bearer(token)).json()

    assert points["balance"] == 1000
    assert points["count"] == 1
    assert points["items"][0]["amount"] == 1000


def test_my_submissions_filter_by_state_like_the_page(client, member):
    SubmissionFactory(author=member, title="waiting")
    SubmissionFactory(author=member, title="chosen", selected=True)
    token = token_for(member)

    selected = client.get("/api/v1/me/submissions?state=selected", **bearer(token)).json()
    bad = client.get("/api/v1/me/submissions?state=castle", **bearer(token))

    assert [s["title"] for s in selected["items"]] == ["chosen"]
    assert bad.status_code == 422

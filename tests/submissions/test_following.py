"""Following a campaign, to be reminded a week before it ends."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from submissions import services
from submissions.errors import CampaignError
from submissions.models import CampaignSubscription
from tests.factories.members import MemberFactory
from tests.factories.submissions import CampaignFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def follower(campaign):
    member = MemberFactory()
    CampaignSubscription.objects.create(campaign=campaign, member=member)
    return member


def test_a_member_follows_only_once(campaign, member):
    first = services.campaign_subscribe(campaign=campaign, member=member, now=timezone.now())
    second = services.campaign_subscribe(campaign=campaign, member=member, now=timezone.now())

    assert first == second
    assert CampaignSubscription.objects.count() == 1


def test_database_refuses_a_second_subscription(campaign, member):
    CampaignSubscription.objects.create(campaign=campaign, member=member)

    with pytest.raises(IntegrityError), transaction.atomic():
        CampaignSubscription.objects.create(campaign=campaign, member=member)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"is_published": False}, "not published"),
        ({"opens_on": TODAY - timedelta(days=9), "closes_on": TODAY - timedelta(days=1)}, "ended"),
    ],
)
def test_following_needs_a_published_campaign_that_has_not_ended(member, fields, message):
    campaign = CampaignFactory(**fields)

    with pytest.raises(CampaignError, match=message):
        services.campaign_subscribe(campaign=campaign, member=member, now=timezone.now())


def test_unfollowing_deletes_only_that_subscription(campaign, follower):
    other = CampaignFactory()
    services.campaign_subscribe(campaign=other, member=follower)

    assert services.campaign_unsubscribe(campaign=campaign, member=follower) is True
    assert services.campaign_unsubscribe(campaign=campaign, member=follower) is False
    assert list(CampaignSubscription.objects.values_list("campaign", flat=True)) == [other.pk]


def test_campaign_page_offers_to_follow(member_client, member):
    campaign = CampaignFactory()

    response = member_client.get(campaign.get_absolute_url())

    assert (
        reverse("submissions:campaign_subscribe", args=[campaign.slug]) in response.content.decode()
    )


def test_member_follows_and_unfollows_from_the_campaign_page(member_client, member):
    campaign = CampaignFactory()

    response = member_client.post(
        reverse("submissions:campaign_subscribe", args=[campaign.slug]), follow=True
    )
    page = response.content.decode()
    assert "We will remind you a week before" in page
    assert reverse("submissions:campaign_unsubscribe", args=[campaign.slug]) in page
    assert CampaignSubscription.objects.filter(campaign=campaign, member=member).exists()

    response = member_client.post(
        reverse("submissions:campaign_unsubscribe", args=[campaign.slug]), follow=True
    )
    assert "You will not be reminded" in response.content.decode()
    assert not CampaignSubscription.objects.exists()


def test_ended_campaign_cannot_be_followed_and_says_why(member_client, member):
    today = timezone.localdate()
    campaign = CampaignFactory(
        opens_on=today - timedelta(days=9), closes_on=today - timedelta(days=1)
    )

    response = member_client.post(
        reverse("submissions:campaign_subscribe", args=[campaign.slug]), follow=True
    )

    assert response.status_code == 200
    assert "has ended" in response.content.decode()
    assert not CampaignSubscription.objects.exists()
    assert reverse("submissions:campaign_subscribe", args=[campaign.slug]) not in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    "name", ["submissions:campaign_subscribe", "submissions:campaign_unsubscribe"]
)
def test_following_needs_a_signed_in_member(client, campaign, name):
    response = client.post(reverse(name, args=[campaign.slug]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not CampaignSubscription.objects.exists()


@pytest.mark.parametrize(
    "name", ["submissions:campaign_subscribe", "submissions:campaign_unsubscribe"]
)
def test_following_needs_a_post(member_client, campaign, name):
    assert member_client.get(reverse(name, args=[campaign.slug])).status_code == 405


@pytest.mark.parametrize("slug", ["no-such-campaign", "draft"])
def test_following_an_unknown_or_unpublished_campaign_is_not_found(member_client, slug):
    CampaignFactory(slug="draft", is_published=False)

    response = member_client.post(reverse("submissions:campaign_subscribe", args=[slug]))

    assert response.status_code == 404
    assert not CampaignSubscription.objects.exists()


def test_unfollowing_touches_only_my_subscription(member_client, member, campaign, follower):
    member_client.post(reverse("submissions:campaign_unsubscribe", args=[campaign.slug]))

    assert list(CampaignSubscription.objects.values_list("member", flat=True)) == [follower.pk]

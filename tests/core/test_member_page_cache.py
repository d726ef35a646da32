"""A signed-in member's own pages (inbox, points, submissions, applications, tier)
come from the cache until something they show changes; a change, whoever makes it,
shows on the very next request, and no member is ever given another's page."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from community_portal.core.page_cache import HEADER, member_tag
from community_portal.notifications.services import notify, notify_many
from members.services.accounts import member_update_profile
from submissions import services as submission_services
from tests.factories.members import MemberFactory, ReviewerFactory, TierFactory
from tests.factories.programs import ApplicationFactory, ProgramFactory
from tests.factories.stations import RegistrationFactory
from tests.factories.submissions import CampaignFactory, RewardRuleFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _default_language_after():
    """Requests here activate French; the tests run after these expect the default."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


PAGES = [
    "notifications:inbox",
    "submissions:points",
    "submissions:mine",
    "programs:dashboard",
    "members:tier",
    "submissions:leaderboard",
]


def signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def cached_twice(client, url):
    """Request ``url`` until it comes from the cache; return that response."""
    client.get(url)
    response = client.get(url)
    assert response[HEADER] == "hit"
    return response


def text(response) -> str:
    return response.content.decode()


# --- Served from the cache, to its own member only -----------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_member_page_is_served_with_the_session_query_only(name, member, django_assert_num_queries):
    client = signed_in(member)
    url = reverse(name)
    client.get(url)

    with django_assert_num_queries(1):  # the session (database sessions in the tests)
        response = client.get(url)

    assert response[HEADER] == "hit"
    assert member.public_name in text(response)
    assert "private" in response["Cache-Control"]


def test_sessions_in_the_cache_make_a_hit_run_no_query(settings, member, django_assert_num_queries):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client = signed_in(member)
    url = reverse("notifications:inbox")
    client.get(url)

    with django_assert_num_queries(0):
        assert client.get(url)[HEADER] == "hit"


@pytest.mark.parametrize("name", PAGES)
def test_no_member_is_given_another_members_page(name):
    first = MemberFactory(display_name="Ada First")
    second = MemberFactory(display_name="Bo Second")
    first_client, second_client = signed_in(first), signed_in(second)
    url = reverse(name)
    cached_twice(first_client, url)

    seen_by_second = [second_client.get(url), second_client.get(url)]

    assert [response[HEADER] for response in seen_by_second] == ["miss", "hit"]
    for response in seen_by_second:
        assert "Bo Second" in text(response)
        assert "Ada First" not in text(response)
    assert "Ada First" in text(first_client.get(url))


def test_each_session_has_its_own_copy(member):
    url = reverse("notifications:inbox")
    cached_twice(signed_in(member), url)

    assert signed_in(member).get(url)[HEADER] == "miss"


def test_signed_out_session_is_not_served_the_page(member):
    client = signed_in(member)
    url = reverse("submissions:points")
    cached_twice(client, url)
    cookie = client.cookies["sessionid"].value

    client.post(reverse("account_logout"))
    replay = Client()
    replay.cookies["sessionid"] = cookie
    response = replay.get(url)

    assert response.status_code == 302
    assert HEADER not in response


def test_anonymous_visitor_is_sent_to_sign_in():
    response = Client().get(reverse("notifications:inbox"))

    assert response.status_code == 302
    assert HEADER not in response


def test_each_language_has_its_own_copy(member):
    client = signed_in(member)
    url = reverse("submissions:points")
    cached_twice(client, url)

    response = client.get(url, {"lang": "fr"})

    assert response[HEADER] == "miss"
    assert 'lang="fr"' in text(response)


# --- A change shows on the next request --------------------------------------------------


def test_new_notification_shows_in_the_inbox_and_its_count(member):
    client = signed_in(member)
    url = reverse("notifications:inbox")
    cached_twice(client, url)

    notify(recipient=member, subject="Your talk is scheduled")

    response = client.get(url)
    assert "Your talk is scheduled" in text(response)
    assert 'data-testid="unread-count">1<' in text(response)


def test_notification_to_many_members_shows_in_the_inbox(member):
    client = signed_in(member)
    url = reverse("notifications:inbox")
    cached_twice(client, url)

    others = MemberFactory.create_batch(60)
    notify_many(recipients=[member, *others], subject="The meetup moved to Friday")

    assert "The meetup moved to Friday" in text(client.get(url))


def test_marking_all_read_shows_its_message_and_the_count(member):
    notify(recipient=member, subject="Your talk is scheduled")
    client = signed_in(member)
    url = reverse("notifications:inbox")
    assert 'data-testid="unread-count"' in text(cached_twice(client, url))

    response = client.post(reverse("notifications:mark_all_read"), follow=True)

    assert "All notifications are marked as read." in text(response)
    assert 'data-testid="unread-count"' not in text(response)
    # The message was shown once; the page is cached again without it.
    assert "All notifications are marked as read." not in text(client.get(url))


def test_award_shows_on_the_points_page(member):
    reviewer = ReviewerFactory()
    campaign = CampaignFactory(title="Docs sprint")
    RewardRuleFactory(campaign=campaign, points=1234)
    submission = SubmissionFactory(campaign=campaign, author=member)
    client = signed_in(member)
    url = reverse("submissions:points")
    assert "1,234" not in text(cached_twice(client, url))

    submission_services.submission_select(submission=submission, reviewer=reviewer)

    response = client.get(url)
    assert response[HEADER] == "miss"
    assert "1,234" in text(response) or "1234" in text(response)


def test_someone_else_overtaking_shows_as_the_members_new_rank(member):
    reviewer = ReviewerFactory()
    campaign = CampaignFactory()
    RewardRuleFactory(campaign=campaign, points=100)
    submission_services.submission_select(
        submission=SubmissionFactory(campaign=campaign, author=member), reviewer=reviewer
    )
    client = signed_in(member)
    url = reverse("submissions:leaderboard")
    assert "You are number 1 " in text(cached_twice(client, url))

    rival = MemberFactory()
    for _ in range(2):
        submission_services.submission_select(
            submission=SubmissionFactory(campaign=campaign, author=rival), reviewer=reviewer
        )

    response = client.get(url)
    assert response[HEADER] == "miss"
    assert "You are number 2 " in text(response)
    assert anonymous_is_shared(url)


def anonymous_is_shared(url) -> bool:
    """Anonymous visitors still share one copy of the page, with no rank in it."""
    first, second = Client().get(url), Client().get(url)
    return (
        second[HEADER] == "hit"
        and "You are number" not in text(second)
        and first.status_code == 200
    )


def test_reviewers_decision_shows_on_my_submissions(member):
    submission = SubmissionFactory(author=member, title="Tuning the planner")
    client = signed_in(member)
    url = reverse("submissions:mine")
    before = text(cached_twice(client, url))
    assert "Tuning the planner" in before

    submission_services.submission_reject(
        submission=submission, reviewer=ReviewerFactory(), comment="Off topic."
    )

    after = client.get(url)
    assert after[HEADER] == "miss"
    assert text(after) != before


def test_renamed_campaign_shows_on_my_submissions(member):
    campaign = CampaignFactory(title="Spring campaign")
    SubmissionFactory(author=member, campaign=campaign)
    client = signed_in(member)
    url = reverse("submissions:mine")
    cached_twice(client, url)

    campaign.title = "Autumn campaign"
    campaign.save()

    assert "Autumn campaign" in text(client.get(url))


def test_new_application_and_renamed_program_show_on_my_applications(member):
    client = signed_in(member)
    url = reverse("programs:dashboard")
    cached_twice(client, url)
    program = ProgramFactory(title="Startup program")

    ApplicationFactory(applicant=member, program=program, organization_name="Acme Lab")
    assert "Acme Lab" in text(client.get(url))

    cached_twice(client, url)
    program.title = "Scale-up program"
    program.save()
    assert "Scale-up program" in text(client.get(url))


def test_new_tier_and_promotion_show_on_the_tier_page(member):
    client = signed_in(member)
    url = reverse("members:tier")
    cached_twice(client, url)

    tier = TierFactory(level="contributor", requirements="- Wrote the Constellation guide")
    assert "Constellation guide" in text(client.get(url))

    cached_twice(client, url)
    tier.requirements = "- Ran the Nebula workshop"
    tier.save()
    assert "Nebula workshop" in text(client.get(url))

    before = text(cached_twice(client, url))
    member.tier = tier
    member.save()
    response = client.get(url)
    assert response[HEADER] == "miss"
    assert text(response) != before


@pytest.mark.parametrize("name", PAGES)
def test_new_display_name_shows_on_every_member_page(name, member):
    client = signed_in(member)
    url = reverse(name)
    cached_twice(client, url)

    member_update_profile(
        user=member, display_name="Renamed Member", preferred_language=member.preferred_language
    )

    assert "Renamed Member" in text(client.get(url))


def test_new_preferred_language_shows_at_once(member):
    client = signed_in(member)
    url = reverse("submissions:points")
    cached_twice(client, url)

    member_update_profile(user=member, display_name=member.display_name, preferred_language="fr")

    assert 'lang="fr"' in text(client.get(url))


def test_changed_password_ends_the_cached_pages_of_other_sessions(member):
    client = signed_in(member)
    url = reverse("notifications:inbox")
    cached_twice(client, url)

    member.set_password("a new and long passphrase")
    member.save()

    response = client.get(url)
    assert response.status_code == 302  # signed out: the session's hash is stale
    assert HEADER not in response


# --- What bumps a member's tag ------------------------------------------------------------


def member_version(member):
    return cache.get(f"pagecache:tag:{member_tag(member.pk)}")


def test_saving_or_deleting_any_row_naming_a_member_bumps_their_tag_only(member, other_member):
    cache.set(f"pagecache:tag:{member_tag(member.pk)}", "old", timeout=None)
    cache.set(f"pagecache:tag:{member_tag(other_member.pk)}", "other's", timeout=None)

    registration = RegistrationFactory(member=member)
    assert member_version(member) != "old"
    assert member_version(other_member) == "other's"

    saved = member_version(member)
    registration.delete()
    assert member_version(member) != saved


def test_joining_a_group_bumps_the_members_tag(member):
    group = Group.objects.create(name="Reviewers of translations")
    cache.set(f"pagecache:tag:{member_tag(member.pk)}", "old", timeout=None)

    group.user_set.add(member)

    assert member_version(member) != "old"


def test_a_members_own_post_bumps_their_tag(member):
    client = signed_in(member)
    cache.set(f"pagecache:tag:{member_tag(member.pk)}", "old", timeout=None)

    client.post(reverse("notifications:mark_all_read"))

    assert member_version(member) != "old"

"""The page cache: anonymous public pages come from the cache until what they show
changes, and a change made through the services shows on the very next request."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community_portal.core.page_cache import HEADER
from members.services.accounts import member_update_profile
from members.services.certifications import certificate_revoke
from programs.enums import MilestoneKind
from programs.services import milestone_record
from stations import services as station_services
from stations.enums import EventKind
from submissions import services as submission_services
from tests.factories.members import CertificateFactory, MemberFactory, ReviewerFactory
from tests.factories.programs import ApplicationFactory, ProgramFactory
from tests.factories.stations import EventFactory, StationFactory
from tests.factories.submissions import CampaignFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


def cached_twice(client, url):
    """Request ``url`` until it comes from the cache; return that response."""
    client.get(url)
    response = client.get(url)
    assert response[HEADER] == "hit"
    return response


# --- Served from the cache ---------------------------------------------------------------


def test_cached_page_runs_no_queries(client, django_assert_num_queries):
    certificate = CertificateFactory()
    url = certificate.get_absolute_url()
    assert client.get(url)[HEADER] == "miss"

    with django_assert_num_queries(0):
        response = client.get(url)

    assert response[HEADER] == "hit"
    assert certificate.holder.public_name in response.content.decode()


def test_cached_page_is_kept_per_language(client):
    program = ProgramFactory()
    cached_twice(client, program.get_absolute_url())

    response = client.get(program.get_absolute_url(), headers={"accept-language": "zh-hans"})

    assert response["Content-Language"] == "zh-hans"
    assert response[HEADER] == "miss"


def test_page_with_an_unknown_query_parameter_is_rendered_for_itself(client):
    url = reverse("programs:list")
    cached_twice(client, url)

    assert HEADER not in client.get(url, {"utm_source": "x"})
    assert client.get(url, {"page": "1"})[HEADER] == "miss"


def test_visitor_with_a_message_is_not_served_the_cached_page(client):
    url = reverse("home")
    cached_twice(client, url)
    client.cookies["messages"] = "anything"

    assert HEADER not in client.get(url)


# --- Visitors and their cookies ----------------------------------------------------------


def test_signed_in_member_never_gets_the_anonymous_page(member_client, member):
    campaign = CampaignFactory()
    cached_twice(Client(), campaign.get_absolute_url())

    response = member_client.get(campaign.get_absolute_url())

    assert HEADER not in response
    assert member.public_name in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_anonymous_page_never_shows_a_member_who_saw_it_first(member_client, member):
    url = reverse("home")
    member_client.get(url)

    response = Client().get(url)

    assert response[HEADER] == "miss"
    assert member.public_name not in response.content.decode()


def test_anonymous_page_is_the_same_bytes_for_every_visitor_and_sets_no_cookie():
    url = reverse("home")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    miss = first.get(url)
    hit = second.get(url)

    assert (miss[HEADER], hit[HEADER]) == ("miss", "hit")
    assert hit.content == miss.content
    assert "csrfmiddlewaretoken" not in hit.content.decode()
    assert not hit.cookies and not miss.cookies
    # The footer's language switch works without a token for an anonymous visitor.
    switched = second.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert switched.status_code == 302
    assert second.cookies["django_language"].value == "zh-hans"


@pytest.mark.urls("tests.core.form_page_urls")
def test_cached_page_gives_each_visitor_their_own_csrf_token():
    url = reverse("test_form")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(url)
    response = second.get(url)

    assert response[HEADER] == "hit"
    assert second.cookies["csrftoken"].value != first.cookies["csrftoken"].value
    token = response.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    switched = second.post(
        reverse("set_language"), {"language": "zh-hans", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302


# --- Conditional GET ---------------------------------------------------------------------


def test_unchanged_page_answers_304_to_its_etag(client):
    url = reverse("submissions:leaderboard")
    etag = cached_twice(client, url)["ETag"]

    response = client.get(url, headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""


def test_changed_page_answers_200_to_the_old_etag(client):
    campaign = CampaignFactory()
    etag = cached_twice(client, campaign.get_absolute_url())["ETag"]
    campaign.title = "Renamed campaign"
    campaign.save()

    response = client.get(campaign.get_absolute_url(), headers={"if-none-match": etag})

    assert response.status_code == 200
    assert "Renamed campaign" in response.content.decode()


def test_feed_answers_304_to_if_modified_since(client):
    station = StationFactory()
    url = reverse("stations:feed", args=[station.slug])
    last_modified = cached_twice(client, url)["Last-Modified"]

    assert client.get(url, headers={"if-modified-since": last_modified}).status_code == 304


@pytest.mark.urls("tests.core.form_page_urls")
def test_page_etag_changes_with_the_visitors_csrf_secret(client):
    url = reverse("test_form")
    etag = cached_twice(client, url)["ETag"]

    other = Client().get(url)

    assert other["ETag"] != etag


# --- Every kind of change shows on the next request ------------------------------------


def test_program_page_shows_a_new_title(client):
    program = ProgramFactory()
    cached_twice(client, program.get_absolute_url())
    program.title = "Renamed program"
    program.save()  # how reviewers edit a program: in the admin

    assert "Renamed program" in client.get(program.get_absolute_url()).content.decode()
    assert "Renamed program" in client.get(reverse("programs:list")).content.decode()


def test_showcase_shows_a_new_milestone(client, reviewer):
    application = ApplicationFactory(approved=True)
    url = reverse("programs:showcase")
    cached_twice(client, url)

    milestone_record(
        application=application,
        actor=reviewer,
        kind=MilestoneKind.IN_PRODUCTION,
        title="Running in production",
        achieved_on=timezone.localdate(),
    )

    assert "Running in production" in client.get(url).content.decode()


def test_station_page_shows_its_new_description(client):
    lead = MemberFactory()
    station = StationFactory(lead=lead)
    cached_twice(client, reverse("stations:detail", args=[station.slug]))

    station_services.station_update_page(
        station=station, actor=lead, description="We meet by the river.", join_link="", website=""
    )

    assert (
        "We meet by the river."
        in client.get(reverse("stations:detail", args=[station.slug])).content.decode()
    )


def test_station_page_shows_a_new_event(client):
    lead = MemberFactory()
    station = StationFactory(lead=lead)
    cached_twice(client, reverse("stations:detail", args=[station.slug]))
    starts_at = timezone.now() + timedelta(days=3)

    station_services.event_create(
        station=station,
        actor=lead,
        title="River meetup",
        kind=EventKind.MEETUP,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        capacity=20,
        venue="The river",
    )

    assert (
        "River meetup"
        in client.get(reverse("stations:detail", args=[station.slug])).content.decode()
    )
    assert "River meetup" in client.get(reverse("home")).content.decode()


def test_station_page_moves_an_event_to_the_past_when_it_ends(client):
    event = EventFactory(
        starts_at=timezone.now() + timedelta(hours=1), title="Evening talk", capacity=10
    )
    url = reverse("stations:detail", args=[event.station.slug])
    cached_twice(client, url)

    with time_machine.travel(event.ends_at + timedelta(minutes=1)):
        response = client.get(url)

    assert response[HEADER] == "miss"
    assert "Evening talk" in response.content.decode()
    assert response.context["upcoming_events"] == []


def test_event_page_shows_its_cancellation(client):
    lead = MemberFactory()
    station = StationFactory(lead=lead)
    event = EventFactory(station=station, starts_at=timezone.now() + timedelta(days=2))
    url = reverse("stations:event", args=[station.slug, event.pk])
    before = cached_twice(client, url).content.decode()

    station_services.event_cancel(event=event, actor=lead, reason="The hall is closed.")

    after = client.get(url).content.decode()
    assert after != before
    assert "The hall is closed." in after


def test_campaign_page_shows_a_new_title(client):
    campaign = CampaignFactory()
    cached_twice(client, campaign.get_absolute_url())
    campaign.title = "Renamed campaign"
    campaign.save()

    assert "Renamed campaign" in client.get(campaign.get_absolute_url()).content.decode()
    assert "Renamed campaign" in client.get(reverse("submissions:campaign_list")).content.decode()


def test_selection_shows_in_acknowledgments_and_leaderboard(client, reviewer):
    campaign = CampaignFactory()
    # A name without Markdown's special characters ("Mr." is written "Mr\." there).
    author = MemberFactory(display_name="Lin Xiao")
    submission = SubmissionFactory(campaign=campaign, author=author)
    acknowledgments = reverse("submissions:acknowledgments", args=[campaign.slug])
    markdown = reverse("submissions:acknowledgments_markdown", args=[campaign.slug])
    for url in (acknowledgments, markdown):
        cached_twice(client, url)

    submission_services.submission_select(submission=submission, reviewer=reviewer, amount=10)

    name = submission.author.public_name
    assert name in client.get(acknowledgments).content.decode()
    assert name in client.get(markdown).content.decode()


def test_reversal_shows_in_the_leaderboard(client, reviewer):
    first, second = MemberFactory(), MemberFactory()
    entry = submission_services.points_award(
        member=first, amount=40, reason="Talk", source=SubmissionFactory(), awarded_by=reviewer
    )
    submission_services.points_award(
        member=second, amount=30, reason="Talk", source=SubmissionFactory(), awarded_by=reviewer
    )
    url = reverse("submissions:leaderboard")
    before = cached_twice(client, url).content.decode()
    assert before.index(first.public_name) < before.index(second.public_name)

    submission_services.points_reverse(entry=entry, reason="Counted twice", reversed_by=reviewer)

    after = client.get(url).content.decode()
    assert first.public_name not in after.split(second.public_name)[0]


def test_new_display_name_shows_on_profile_and_certificate(client):
    certificate = CertificateFactory()
    holder = certificate.holder
    profile = reverse("members:profile", args=[holder.username])
    for url in (profile, certificate.get_absolute_url()):
        cached_twice(client, url)

    member_update_profile(user=holder, display_name="Ada Renamed", preferred_language="en")

    assert "Ada Renamed" in client.get(profile).content.decode()
    assert "Ada Renamed" in client.get(certificate.get_absolute_url()).content.decode()


def test_revoked_certificate_shows_as_revoked(client):
    certificate = CertificateFactory()
    url = certificate.get_absolute_url()
    cached_twice(client, url)

    certificate_revoke(certificate=certificate, revoked_by=ReviewerFactory(), reason="Copied.")

    assert "This certificate was revoked." in client.get(url).content.decode()


def test_signing_in_does_not_empty_the_cache(client, member):
    url = reverse("members:profile", args=[member.username])
    cached_twice(client, url)

    Client().force_login(member)  # updates last_login

    assert client.get(url)[HEADER] == "hit"


def test_change_bumps_its_pages_again_after_commit(django_capture_on_commit_callbacks):
    """A page rendered by another request while the change commits is not kept."""
    campaign = CampaignFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        campaign.title = "Renamed campaign"
        campaign.save()
    version = cache.get("pagecache:tag:submissions")
    for callback in callbacks:
        callback()

    assert cache.get("pagecache:tag:submissions") != version


def test_sessions_in_the_cache_save_a_query_per_signed_in_page(
    settings, client, member, django_assert_num_queries
):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client.force_login(member)
    url = reverse("members:certificate_verify")
    client.get(url)

    with django_assert_num_queries(1):  # the member; no session query, the count is kept
        client.get(url)

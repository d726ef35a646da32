"""The RSS and Atom feeds, read back with a feed parser as a feed reader would."""

from datetime import timedelta

import feedparser
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from stations.enums import EventState, StationState
from tests.factories.programs import ApplicationFactory, MilestoneFactory
from tests.factories.stations import EventFactory, StationFactory
from tests.factories.submissions import CampaignFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

FORMATS = [("rss", "rss20"), ("atom", "atom10")]


def _read(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


@pytest.mark.parametrize(("suffix", "version"), FORMATS)
def test_events_feed_lists_upcoming_events_soonest_first(client, suffix, version):
    station = StationFactory(name="Hangzhou")
    later = EventFactory(station=station, title="Autumn meetup")
    sooner = EventFactory(
        station=station, title="Summer meetup", starts_at=timezone.now() + timedelta(days=1)
    )
    EventFactory(
        station=station,
        title="Last year",
        starts_at=timezone.now() - timedelta(days=300),
    )
    EventFactory(
        station=station,
        title="Called off",
        state=EventState.CANCELLED,
        cancelled_at=timezone.now(),
    )
    EventFactory(station=StationFactory(state=StationState.DORMANT), title="Dormant's")

    parsed = _read(client, reverse(f"opendata:events_{suffix}"))

    assert parsed.version == version
    assert [entry.title for entry in parsed.entries] == [
        "Summer meetup · Hangzhou",
        "Autumn meetup · Hangzhou",
    ]
    assert parsed.entries[0].link == (
        f"{settings.SITE_URL}{reverse('stations:event', args=[station.slug, sooner.pk])}"
    )
    assert later.venue in parsed.entries[1].summary


@pytest.mark.parametrize(("suffix", "version"), FORMATS)
def test_station_feed_lists_only_that_stations_events(client, suffix, version):
    station = StationFactory(name="Chengdu")
    EventFactory(station=station, title="Chengdu meetup")
    EventFactory(title="Elsewhere")

    parsed = _read(client, reverse(f"opendata:station_events_{suffix}", args=[station.slug]))

    assert parsed.version == version
    assert "Chengdu" in parsed.feed.title
    assert [entry.title for entry in parsed.entries] == ["Chengdu meetup · Chengdu"]


def test_station_feed_of_unknown_station_is_404(client):
    response = client.get(reverse("opendata:station_events_rss", args=["nowhere"]))
    assert response.status_code == 404


@pytest.mark.parametrize(("suffix", "version"), FORMATS)
def test_campaign_feed_lists_selected_content_newest_first(client, suffix, version):
    campaign = CampaignFactory(title="Tutorials")
    first = SubmissionFactory(
        campaign=campaign, selected=True, title="First", author__display_name="Ada"
    )
    first.selected_at = timezone.now() - timedelta(days=2)
    first.save()
    SubmissionFactory(campaign=campaign, selected=True, title="Second")
    SubmissionFactory(campaign=campaign, title="Still in review")

    parsed = _read(client, reverse(f"opendata:campaign_selected_{suffix}", args=[campaign.slug]))

    assert parsed.version == version
    assert [entry.title for entry in parsed.entries] == ["Second", "First"]
    # The item leads to the content itself, where it was published.
    assert parsed.entries[1].link == first.url
    assert parsed.entries[1].author == "Ada"


def test_campaign_feed_of_unpublished_campaign_is_404(client):
    campaign = CampaignFactory(is_published=False)
    response = client.get(reverse("opendata:campaign_selected_atom", args=[campaign.slug]))
    assert response.status_code == 404


@pytest.mark.parametrize(("suffix", "version"), FORMATS)
def test_milestones_feed_lists_participants_achievements(client, suffix, version):
    participant = ApplicationFactory(approved=True, organization_name="Acme")
    MilestoneFactory(application=participant, title="Running in production")
    MilestoneFactory(application=ApplicationFactory(submitted=True), title="Not yet a participant")

    parsed = _read(client, reverse(f"opendata:milestones_{suffix}"))

    assert parsed.version == version
    assert [entry.title for entry in parsed.entries] == ["Acme: Running in production"]


def test_feed_speaks_the_visitors_language(client):
    EventFactory()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"

    parsed = _read(client, reverse("opendata:events_rss"))

    assert parsed.feed.language == "zh-hans"
    assert parsed.feed.title.startswith("即将举行的活动")


@pytest.mark.parametrize(
    ("url_name", "args", "feed_name"),
    [
        ("home", [], "events"),
        ("stations:directory", [], "events"),
        ("programs:showcase", [], "milestones"),
    ],
)
def test_pages_link_their_feeds(client, url_name, args, feed_name):
    response = client.get(reverse(url_name, args=args))

    for suffix in ("rss", "atom"):
        assert f'href="{reverse(f"opendata:{feed_name}_{suffix}")}"' in response.content.decode()


def test_station_and_campaign_pages_link_their_feeds(client):
    station = StationFactory()
    campaign = CampaignFactory()

    station_page = client.get(reverse("stations:detail", args=[station.slug])).content.decode()
    campaign_page = client.get(campaign.get_absolute_url()).content.decode()

    for suffix, kind in (("rss", "application/rss+xml"), ("atom", "application/atom+xml")):
        station_feed = reverse(f"opendata:station_events_{suffix}", args=[station.slug])
        campaign_feed = reverse(f"opendata:campaign_selected_{suffix}", args=[campaign.slug])
        assert f'type="{kind}" href="{station_feed}"' in station_page
        assert f'type="{kind}" href="{campaign_feed}"' in campaign_page


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("count", [1, 50])
def test_feeds_read_the_same_number_of_queries_for_1_and_50_items(client, settings, count):
    settings.PAGE_CACHE_ENABLED = False
    station = StationFactory()
    campaign = CampaignFactory()
    for _index in range(count):
        EventFactory(station=station)
        SubmissionFactory(campaign=campaign, selected=True)
        MilestoneFactory()
    urls = [
        reverse("opendata:events_rss"),
        reverse("opendata:station_events_atom", args=[station.slug]),
        reverse("opendata:campaign_selected_rss", args=[campaign.slug]),
        reverse("opendata:milestones_atom"),
    ]

    counts = [_queries(client, url) for url in urls]

    # Nothing is read per item: the station, author or participant comes joined.
    assert counts == [2, 2, 2, 1]

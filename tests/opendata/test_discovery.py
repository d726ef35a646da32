"""What search engines and link previews read: robots.txt, the sitemap, and each public
page's description, preview tags, canonical address and language alternates."""

import xml.etree.ElementTree as ET  # our own responses, not untrusted XML
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories.members import CertificateFactory, CertificationLevelFactory, MemberFactory
from tests.factories.programs import ApplicationFactory, ProgramFactory, png_bytes
from tests.factories.stations import EventFactory, StationFactory
from tests.factories.submissions import CampaignFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


class _Head(HTMLParser):
    """The <meta> and <link> tags of a page."""

    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "content" in attrs:
            self.meta[attrs.get("property") or attrs.get("name") or ""] = attrs["content"]
        if tag == "link":
            self.links.append(attrs)


def _head(client, url) -> _Head:
    response = client.get(url)
    assert response.status_code == 200
    head = _Head()
    head.feed(response.content.decode())
    return head


def _uploaded(name="picture.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_private_pages(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in text
    assert "Disallow: /admin/" in text
    assert "Disallow: /accounts/" in text


def test_sitemap_lists_every_kind_of_public_page_with_language_alternates(client):
    station = StationFactory()
    event = EventFactory(station=station)
    campaign = CampaignFactory()
    program = ProgramFactory()
    level = CertificationLevelFactory()
    member = MemberFactory()
    certificate = CertificateFactory(holder=member, level=level)

    index = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    locations, alternates = [], {}
    for section in sections:
        tree = ET.fromstring(client.get(urlsplit(section).path).content)  # noqa: S314
        for url in tree.iter(f"{SITEMAP}url"):
            location = url.find(f"{SITEMAP}loc").text
            locations.append(location)
            alternates[location] = {
                link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")
            }
    paths = {urlsplit(location).path for location in locations}

    for expected in (
        reverse("home"),
        reverse("programs:showcase"),
        reverse("stations:detail", args=[station.slug]),
        reverse("stations:event", args=[station.slug, event.pk]),
        campaign.get_absolute_url(),
        reverse("submissions:acknowledgments", args=[campaign.slug]),
        program.get_absolute_url(),
        reverse("members:certification_level", kwargs={"slug": level.slug}),
        member.get_absolute_url(),
        reverse("submissions:leaderboard"),
    ):
        assert expected in paths, expected
    assert certificate.get_absolute_url() not in paths
    station_location = next(loc for loc in locations if loc.endswith(f"/{station.slug}/"))
    assert alternates[station_location] == {
        "en": f"{station_location}?lang=en",
        "zh-hans": f"{station_location}?lang=zh-hans",
        "fr": f"{station_location}?lang=fr",
        "x-default": station_location,
    }


def _pages():
    """(address, title, words of the description, image path part) per kind of public page."""
    station = StationFactory(
        name="Hangzhou", description="We meet **monthly** by the lake.", banner=_uploaded()
    )
    event = EventFactory(station=station, title="Lake meetup", description="Talks and tea.")
    campaign = CampaignFactory(title="Tutorials", summary="Write a tutorial.")
    program = ProgramFactory(title="Co-construction", summary="Build it with us.")
    level = CertificationLevelFactory(
        name="Foundation", description="The first step.", badge_image=_uploaded("badge.png")
    )
    member = MemberFactory(display_name="Ada", bio="Writes the docs.")
    certificate = CertificateFactory(holder=member, level=level)
    ApplicationFactory(approved=True)
    return [
        (reverse("home"), settings.COMMUNITY_NAME, "programs, stations", "logo"),
        (reverse("stations:directory"), "Stations", "city and university", "logo"),
        (
            reverse("stations:detail", args=[station.slug]),
            "Hangzhou",
            "monthly by the lake",
            "stations/banners/",
        ),
        (
            reverse("stations:event", args=[station.slug, event.pk]),
            "Lake meetup",
            "Talks and tea.",
            "stations/banners/",
        ),
        (reverse("programs:list"), "Programs", "co-construction programs", "logo"),
        (program.get_absolute_url(), "Co-construction", "Build it with us.", "logo"),
        (reverse("programs:showcase"), "Showcase", "organizations", "logo"),
        (reverse("submissions:campaign_list"), "Campaigns", "content campaigns", "logo"),
        (campaign.get_absolute_url(), "Tutorials", "Write a tutorial.", "logo"),
        (reverse("submissions:leaderboard"), "Leaderboard", "points", "logo"),
        (
            reverse("submissions:acknowledgments", args=[campaign.slug]),
            "Acknowledgments: Tutorials",
            "Tutorials selected",
            "logo",
        ),
        (reverse("members:directory"), "Member directory", "members", "logo"),
        (member.get_absolute_url(), "Ada", "Writes the docs.", "logo"),
        (
            reverse("members:certification_level", kwargs={"slug": level.slug}),
            "Foundation",
            "The first step.",
            "badges/",
        ),
        (
            certificate.get_absolute_url(),
            level.badge_name or level.name,
            certificate.number,
            "badges/",
        ),
        (reverse("members:certificate_verify"), "Verify a certificate", "genuine", "logo"),
    ]


def test_every_public_page_has_description_preview_canonical_and_language_links(client):
    for address, title, description, image in _pages():
        head = _head(client, address)

        assert description in head.meta["description"], address
        assert head.meta["og:title"] == title, address
        assert head.meta["twitter:title"] == title, address
        assert head.meta["og:description"] == head.meta["description"]
        assert image in head.meta["og:image"], address
        assert head.meta["og:image"].startswith(settings.SITE_URL)
        assert head.meta["twitter:card"] == (
            "summary" if image == "logo" else "summary_large_image"
        )
        page = f"{settings.SITE_URL}{address}"
        canonical = [link["href"] for link in head.links if link.get("rel") == "canonical"]
        assert canonical == [f"{page}?lang=en"], address
        assert head.meta["og:url"] == canonical[0]
        assert {link["hreflang"]: link["href"] for link in head.links if "hreflang" in link} == {
            "en": f"{page}?lang=en",
            "zh-Hans": f"{page}?lang=zh-hans",
            "fr": f"{page}?lang=fr",
            "x-default": page,
        }, address


def test_lang_parameter_shows_the_page_in_that_language_and_says_so(client):
    station = StationFactory()

    head = _head(client, reverse("stations:detail", args=[station.slug]) + "?lang=zh-hans")

    canonical = next(link["href"] for link in head.links if link.get("rel") == "canonical")
    assert canonical.endswith("?lang=zh-hans")
    assert head.meta["og:locale"] == "zh_Hans"


def test_lang_parameter_pages_are_cached_per_language(client):
    station = StationFactory()
    address = reverse("stations:detail", args=[station.slug])

    client.get(address + "?lang=zh-hans")
    chinese = client.get(address + "?lang=zh-hans")
    english = client.get(address + "?lang=en")

    assert chinese["X-Page-Cache"] == "hit"
    assert english["X-Page-Cache"] == "miss"
    assert '<html lang="zh-hans">' in chinese.content.decode()
    assert '<html lang="en">' in english.content.decode()


def test_canonical_keeps_the_page_number_but_not_filters(client):
    StationFactory()

    head = _head(client, reverse("stations:directory") + "?page=2&kind=city")

    canonical = next(link["href"] for link in head.links if link.get("rel") == "canonical")
    assert canonical == f"{settings.SITE_URL}{reverse('stations:directory')}?page=2&lang=en"

"""sitemap.xml: every public page, each with its address in every language.

A page's language is named by ``?lang=`` (members/middleware.py), so each entry
lists one ``hreflang`` alternate per language in settings.LANGUAGES and the bare
address as ``x-default``. Served as an index of one sitemap per kind of page, each
paginated by Django at 50,000 addresses. Certificates are left out: their numbers
are meant to be known only to those their holder shows them to.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone

from members.models import CertificationLevel, User, VolunteerGroup
from programs.selectors import public_programs
from recognition.selectors import years_with_stars
from stations.enums import StationState
from stations.models import Event, Station
from submissions.models import Campaign


class _PortalSitemap(Sitemap):
    protocol = urlsplit(settings.SITE_URL).scheme or "https"

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            location = url["location"]
            url["alternates"] = [
                {"lang_code": code, "location": f"{location}?lang={code}"}
                for code, _name in settings.LANGUAGES
            ] + [{"lang_code": "x-default", "location": location}]
        return urls

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class PagesSitemap(_PortalSitemap):
    """The lists: home, programs, showcase, partners, stations, campaigns, leaderboard, people."""

    changefreq = "daily"

    def items(self):
        return [
            "home",
            "programs:list",
            "programs:showcase",
            "partners:list",
            "stations:directory",
            "submissions:campaign_list",
            "submissions:leaderboard",
            "recognition:hall",
            "members:directory",
            "members:certification_levels",
            "members:certificate_verify",
            "members:volunteer_groups",
            "members:mentors",
        ]

    def location(self, item):
        return reverse(item)


class ProgramsSitemap(_PortalSitemap):
    def items(self):
        return public_programs().only("slug").order_by("id")


class StationsSitemap(_PortalSitemap):
    changefreq = "weekly"

    def items(self):
        return (
            Station.objects.exclude(state=StationState.PROPOSED)
            .only("slug", "updated_at")
            .order_by("id")
        )

    def location(self, item):
        return reverse("stations:detail", args=[item.slug])

    def lastmod(self, item):
        return item.updated_at


class EventsSitemap(_PortalSitemap):
    def items(self):
        return (
            Event.objects.exclude(station__state=StationState.PROPOSED)
            .select_related("station")
            .only("pk", "updated_at", "station__slug")
            .order_by("id")
        )

    def location(self, item):
        return reverse("stations:event", args=[item.station.slug, item.pk])

    def lastmod(self, item):
        return item.updated_at


class CampaignsSitemap(_PortalSitemap):
    def items(self):
        return Campaign.objects.filter(is_published=True).only("slug").order_by("id")


class AcknowledgmentsSitemap(_PortalSitemap):
    def items(self):
        return (
            Campaign.objects.filter(is_published=True, opens_on__lte=timezone.localdate())
            .only("slug")
            .order_by("id")
        )

    def location(self, item):
        return reverse("submissions:acknowledgments", args=[item.slug])


class StarYearsSitemap(_PortalSitemap):
    """The hall of fame's page for each year that has stars."""

    changefreq = "monthly"

    def items(self):
        return years_with_stars()

    def location(self, item):
        return reverse("recognition:year", args=[item])


class CertificationsSitemap(_PortalSitemap):
    def items(self):
        return CertificationLevel.objects.only("slug").order_by("id")

    def location(self, item):
        return reverse("members:certification_level", kwargs={"slug": item.slug})


class VolunteerGroupsSitemap(_PortalSitemap):
    def items(self):
        return VolunteerGroup.objects.only("slug").order_by("id")


class ProfilesSitemap(_PortalSitemap):
    def items(self):
        return User.objects.filter(is_active=True).only("username").order_by("id")


SITEMAPS = {
    "pages": PagesSitemap,
    "programs": ProgramsSitemap,
    "stations": StationsSitemap,
    "events": EventsSitemap,
    "campaigns": CampaignsSitemap,
    "acknowledgments": AcknowledgmentsSitemap,
    "stars": StarYearsSitemap,
    "certifications": CertificationsSitemap,
    "volunteer-groups": VolunteerGroupsSitemap,
    "profiles": ProfilesSitemap,
}

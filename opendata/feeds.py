"""RSS 2.0 and Atom feeds (Django's syndication framework) of what changes on the portal.

Each feed exists twice, the same items in both formats: the Atom class only swaps
the feed type. Every feed lists at most ``FEED_LENGTH`` items, read in one query
(with their station, campaign or participant joined), in the visitor's language.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from community_portal.core.formatting import zoned
from community_portal.core.markdown import render_markdown
from community_portal.core.page_cache import valid_until
from programs.enums import PARTICIPATION_STATES
from programs.models import Milestone
from stations import selectors as station_selectors
from stations.enums import EventState, StationState
from stations.models import Event
from submissions.enums import SubmissionState
from submissions.models import Campaign, Submission

FEED_LENGTH = 50


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


class _PortalFeed(Feed):
    """What every feed of the portal shares (Django gives each the active language).

    Links are built from SITE_URL, like every other absolute link of the portal, not
    from the request's host and scheme (behind a proxy, those say http://internal).
    """

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["feed_url"] = _absolute(request.path)
        return feed

    def item_guid_is_permalink(self, item):
        return True


def _upcoming_events():
    return (
        Event.objects.filter(station__state=StationState.ACTIVE, state=EventState.SCHEDULED)
        .upcoming(timezone.now())
        .select_related("station")
    )


class UpcomingEventsFeed(_PortalFeed):
    """The next events of every active station, soonest first."""

    def __call__(self, request, *args, **kwargs):
        # The list changes by itself when an event starts: a cached copy ends then.
        valid_until(request, lambda: station_selectors.next_event_change())
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return _("Upcoming events · %(community)s") % {"community": settings.COMMUNITY_NAME}

    def link(self):
        return _absolute(reverse("stations:directory"))

    def description(self):
        return _("The next meetups and events of the community's stations.")

    def items(self):
        return _upcoming_events()[:FEED_LENGTH]

    def item_title(self, item):
        return f"{item.title} · {item.station.name}"

    def item_description(self, item):
        when = zoned(item.starts_at)
        place = item.venue or item.online_url
        head = f"<p>{when}" + (f" · {place}" if place else "") + "</p>"
        return head + render_markdown(item.description)

    def item_link(self, item):
        return _absolute(reverse("stations:event", args=[item.station.slug, item.pk]))

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_kind_display()]


class StationEventsFeed(UpcomingEventsFeed):
    """The next events of one station."""

    def get_object(self, request, slug):
        station = station_selectors.station_by_slug(slug=slug)
        if station is None:
            raise Http404
        return station

    def title(self, obj):
        return _("Upcoming events · %(station)s") % {"station": obj.name}

    def link(self, obj):
        return _absolute(reverse("stations:detail", args=[obj.slug]))

    def description(self, obj):
        return _("The next meetups and events of %(station)s.") % {"station": obj.name}

    def items(self, obj):
        return _upcoming_events().filter(station=obj)[:FEED_LENGTH]


class SelectedContentFeed(_PortalFeed):
    """A campaign's newly selected content, newest selection first."""

    def get_object(self, request, slug):
        campaign = Campaign.objects.filter(is_published=True, slug=slug).first()
        if campaign is None:
            raise Http404
        return campaign

    def title(self, obj):
        return _("Selected content · %(campaign)s") % {"campaign": obj.title}

    def link(self, obj):
        return _absolute(obj.get_absolute_url())

    def description(self, obj):
        return obj.summary or obj.title

    def items(self, obj):
        return (
            Submission.objects.filter(campaign=obj, state=SubmissionState.SELECTED)
            .select_related("author")
            .order_by("-selected_at", "-id")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    # The content itself lives elsewhere (a blog, a forum): the item points there.
    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        return _absolute(item.get_absolute_url())

    def item_guid_is_permalink(self, item):
        return False

    def item_author_name(self, item):
        return item.author.public_name

    def item_pubdate(self, item):
        return item.selected_at

    def item_categories(self, item):
        return [item.get_channel_display()]


class ShowcaseMilestonesFeed(_PortalFeed):
    """What the showcase's participants achieved, newest first."""

    def title(self):
        return _("Milestones · %(community)s") % {"community": settings.COMMUNITY_NAME}

    def link(self):
        return _absolute(reverse("programs:showcase"))

    def description(self):
        return _("What the participants of the community's programs achieved.")

    def items(self):
        return (
            Milestone.objects.filter(application__state__in=PARTICIPATION_STATES)
            .select_related("application")
            .order_by("-achieved_on", "-id")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return f"{item.application.organization_name}: {item.title}"

    def item_description(self, item):
        return f"<p>{item.get_kind_display()}</p>" + render_markdown(item.description)

    def item_link(self, item):
        showcase = _absolute(reverse("programs:showcase"))
        return item.link or f"{showcase}#participant-{item.application_id}"

    def item_guid(self, item):
        return _absolute(f"{reverse('programs:showcase')}#milestone-{item.pk}")

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        return item.recorded_at

    def item_categories(self, item):
        return [item.get_kind_display()]


def _atom(feed_class):
    """The same feed as Atom 1.0 (its description becomes the subtitle)."""
    return type(
        f"{feed_class.__name__}Atom",
        (feed_class,),
        {"feed_type": Atom1Feed, "subtitle": feed_class.description},
    )


UpcomingEventsAtom = _atom(UpcomingEventsFeed)
StationEventsAtom = _atom(StationEventsFeed)
SelectedContentAtom = _atom(SelectedContentFeed)
ShowcaseMilestonesAtom = _atom(ShowcaseMilestonesFeed)

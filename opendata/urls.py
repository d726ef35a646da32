"""The feeds' addresses, mounted at /feeds/: each feed as RSS (.rss) and Atom (.atom)."""

from django.urls import path

from community_portal.core.page_cache import public_page
from opendata import feeds

app_name = "opendata"


def _both(route: str, name: str, rss, atom, *tags: str):
    return [
        path(f"{route}.rss", public_page(*tags)(rss()), name=f"{name}_rss"),
        path(f"{route}.atom", public_page(*tags)(atom()), name=f"{name}_atom"),
    ]


urlpatterns = [
    *_both("events", "events", feeds.UpcomingEventsFeed, feeds.UpcomingEventsAtom, "stations"),
    *_both(
        "stations/<slug:slug>/events",
        "station_events",
        feeds.StationEventsFeed,
        feeds.StationEventsAtom,
        "stations",
    ),
    *_both(
        "campaigns/<slug:slug>/selected",
        "campaign_selected",
        feeds.SelectedContentFeed,
        feeds.SelectedContentAtom,
        "submissions",
        "members",
    ),
    *_both(
        "showcase/milestones",
        "milestones",
        feeds.ShowcaseMilestonesFeed,
        feeds.ShowcaseMilestonesAtom,
        "programs",
    ),
]

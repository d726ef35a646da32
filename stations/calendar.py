"""iCalendar (RFC 5545) feeds of a station's events, built with the icalendar library.

Times are written in UTC, so every calendar program places them right without
a VTIMEZONE block. The UID is the event's own UUID: it stays the same when the
event is changed or the site moves, and SEQUENCE rises with every change, so
calendar programs update their copy instead of adding a second one.
"""

from datetime import UTC

import icalendar
from django.conf import settings
from django.urls import reverse

from stations.enums import EventState
from stations.models import Event, Station


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _vevent(event: Event) -> icalendar.Event:
    url = _absolute(reverse("stations:event", args=[event.station.slug, event.pk]))
    vevent = icalendar.Event()
    vevent.add("uid", f"{event.uid}@stations")
    vevent.add("dtstamp", event.updated_at.astimezone(UTC))
    vevent.add("created", event.created_at.astimezone(UTC))
    vevent.add("last-modified", event.updated_at.astimezone(UTC))
    vevent.add("dtstart", event.starts_at.astimezone(UTC))
    vevent.add("dtend", event.ends_at.astimezone(UTC))
    vevent.add("sequence", event.sequence)
    vevent.add("summary", event.title)
    description = event.description.strip()
    if event.is_cancelled and event.cancellation_reason:
        description = f"{event.cancellation_reason}\n\n{description}".strip()
    vevent.add("description", f"{description}\n\n{url}".strip())
    location = event.venue or event.online_url
    if location:
        vevent.add("location", location)
    vevent.add("url", url)
    vevent.add("categories", [event.get_kind_display()])
    vevent.add("status", "CANCELLED" if event.state == EventState.CANCELLED else "CONFIRMED")
    return vevent


def calendar_bytes(*, events: list[Event], name: str) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{settings.COMMUNITY_NAME}//Stations//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(_vevent(event))
    return calendar.to_ical()


def station_calendar(*, station: Station, events: list[Event]) -> bytes:
    return calendar_bytes(events=events, name=f"{station.name} · {settings.COMMUNITY_NAME}")


def event_calendar(*, event: Event) -> bytes:
    return calendar_bytes(events=[event], name=event.title)

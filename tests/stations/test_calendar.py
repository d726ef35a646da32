"""The iCalendar feeds, read back with the icalendar parser."""

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from django.urls import reverse

from stations import services
from tests.factories.stations import EventFactory

pytestmark = pytest.mark.django_db

START = datetime.fromisoformat("2030-06-01T19:00:00+08:00")


def parse(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_station_feed_lists_its_events_with_the_required_fields(client, station, other_station):
    event = EventFactory(
        station=station,
        title="Observability meetup",
        starts_at=START,
        ends_at=START + timedelta(hours=2),
        venue="Xuhui, room 3",
    )
    EventFactory(station=other_station, title="Not ours")

    calendar = parse(client.get(reverse("stations:feed", args=[station.slug])))

    assert calendar["VERSION"] == "2.0"
    assert "PRODID" in calendar
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Observability meetup"
    assert str(vevent["UID"]) == f"{event.uid}@stations"
    assert vevent.decoded("DTSTART") == datetime(2030, 6, 1, 11, 0, tzinfo=UTC)
    assert vevent.decoded("DTEND") == datetime(2030, 6, 1, 13, 0, tzinfo=UTC)
    assert vevent.decoded("DTSTAMP").tzinfo is not None
    assert str(vevent["LOCATION"]) == "Xuhui, room 3"
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert str(vevent["URL"]).endswith(reverse("stations:event", args=[station.slug, event.pk]))


def test_a_changed_event_keeps_its_uid_and_raises_its_sequence(client, station, lead):
    event = EventFactory(station=station, starts_at=START, ends_at=START + timedelta(hours=2))
    url = reverse("stations:event_feed", args=[station.slug, event.pk])
    before = parse(client.get(url)).walk("VEVENT")[0]

    services.event_update(
        event=event,
        actor=lead,
        title="Moved meetup",
        kind=event.kind,
        starts_at=START + timedelta(days=1),
        ends_at=START + timedelta(days=1, hours=2),
        capacity=event.capacity,
        venue=event.venue,
    )
    after = parse(client.get(url)).walk("VEVENT")[0]

    assert after["UID"] == before["UID"]
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert str(after["SUMMARY"]) == "Moved meetup"


def test_a_cancelled_event_is_marked_cancelled(client, station, lead):
    event = EventFactory(station=station, starts_at=START, ends_at=START + timedelta(hours=2))
    services.event_cancel(event=event, actor=lead, reason="Typhoon warning")

    vevent = parse(client.get(reverse("stations:event_feed", args=[station.slug, event.pk]))).walk(
        "VEVENT"
    )[0]

    assert str(vevent["STATUS"]) == "CANCELLED"
    assert "Typhoon warning" in str(vevent["DESCRIPTION"])


def test_an_online_event_has_its_link_as_location(client, station):
    event = EventFactory(
        station=station, venue="", online_url="https://meet.example.org/room", kind="online_talk"
    )

    vevent = parse(client.get(reverse("stations:event_feed", args=[station.slug, event.pk]))).walk(
        "VEVENT"
    )[0]

    assert str(vevent["LOCATION"]) == "https://meet.example.org/room"


def test_event_feed_of_another_stations_event_is_not_found(client, station, other_event):
    response = client.get(reverse("stations:event_feed", args=[station.slug, other_event.pk]))

    assert response.status_code == 404


def test_station_feed_without_events_is_a_valid_empty_calendar(client, station):
    calendar = parse(client.get(reverse("stations:feed", args=[station.slug])))

    assert calendar.walk("VEVENT") == []
    assert str(calendar["X-WR-CALNAME"]).startswith("Shanghai")

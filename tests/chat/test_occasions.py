"""What is posted where: a station's events, reminders and freed seats to its group,
without personal data; the review digest and selections to the reviewers (and the
community's channel), each once."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from community_portal.chat.enums import Audience, Provider
from community_portal.notifications.review_digest import remind_overdue_reviews
from stations import services as stations
from stations.reminders import remind_events
from submissions import services as submissions
from tests.factories.chat import ChatChannelFactory
from tests.factories.members import MemberFactory, ReviewerFactory
from tests.factories.stations import EventFactory, RegistrationFactory, StationFactory
from tests.factories.submissions import SubmissionFactory
from tests.reminders import TODAY, at, run_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead():
    return MemberFactory(username="lead")


@pytest.fixture
def station(lead):
    return StationFactory(name="Shanghai", slug="shanghai", lead=lead)


@pytest.fixture
def channels(receiver, station):
    """The station's group on WeCom, another station's on DingTalk, the reviewers'
    on Slack and the community's on Discord."""
    return {
        "group": ChatChannelFactory(
            provider=Provider.WECOM, audience=Audience.STATION, station=station, base=receiver.base
        ),
        "other group": ChatChannelFactory(
            provider=Provider.DINGTALK,
            audience=Audience.STATION,
            station=StationFactory(),
            base=receiver.base,
        ),
        "reviewers": ChatChannelFactory(
            provider=Provider.SLACK, audience=Audience.REVIEWERS, base=receiver.base
        ),
        "community": ChatChannelFactory(
            provider=Provider.DISCORD, audience=Audience.COMMUNITY, base=receiver.base
        ),
    }


def posted(receiver):
    return sorted((r.provider, r.title) for r in receiver.received)


def test_new_changed_and_cancelled_events_go_to_the_stations_group(
    receiver, channels, station, lead, django_capture_on_commit_callbacks
):
    starts = timezone.now() + timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        event = stations.event_create(
            station=station,
            actor=lead,
            title="Tuning night",
            kind="meetup",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            capacity=20,
            venue="Library",
        )
    with django_capture_on_commit_callbacks(execute=True):
        stations.event_update(
            event=event,
            actor=lead,
            title="Tuning night",
            kind="meetup",
            starts_at=starts + timedelta(days=1),
            ends_at=starts + timedelta(days=1, hours=2),
            capacity=20,
            venue="Library",
        )
    with django_capture_on_commit_callbacks(execute=True):
        stations.event_cancel(event=event, actor=lead, reason="The room is closed.")

    assert posted(receiver) == [
        ("wecom", "New event of Shanghai: Tuning night"),
        ("wecom", "Tuning night has changed"),
        ("wecom", "Tuning night is cancelled"),
    ]
    first = receiver.received[0].payload["markdown"]["content"]
    assert "Library" in first
    assert "/stations/shanghai/events/" in first


def test_a_freed_seat_is_announced_without_saying_whose(
    receiver, channels, station, django_capture_on_commit_callbacks
):
    event = EventFactory(station=station, title="Workshop", capacity=1)
    leaving = MemberFactory(display_name="Leaving Lin", username="leaving")
    waiting = MemberFactory(display_name="Waiting Wu", username="waiting")
    seat = RegistrationFactory(event=event, member=leaving)
    RegistrationFactory(event=event, member=waiting, waitlisted=True)

    with django_capture_on_commit_callbacks(execute=True):
        stations.registration_cancel(registration=seat, member=leaving)

    assert posted(receiver) == [("wecom", "Seats freed at Workshop went to the waiting list")]
    text = json.dumps(receiver.received[0].payload, ensure_ascii=False)
    for personal in ("Leaving Lin", "Waiting Wu", "leaving", "waiting@", leaving.email):
        assert personal not in text


def test_a_seat_nobody_waits_for_is_offered_to_the_group(
    receiver, channels, station, django_capture_on_commit_callbacks
):
    event = EventFactory(station=station, title="Workshop", capacity=2)
    member = MemberFactory()
    seat = RegistrationFactory(event=event, member=member)

    with django_capture_on_commit_callbacks(execute=True):
        stations.registration_cancel(registration=seat, member=member)

    assert posted(receiver) == [("wecom", "A seat is free at Workshop")]


def test_the_24_hour_reminder_reaches_the_group_once(
    receiver, channels, station, django_capture_on_commit_callbacks
):
    EventFactory(station=station, title="Meetup", starts_at=at(TODAY, 18) + timedelta(hours=20))

    run_at(at(TODAY, 18), remind_events, django_capture_on_commit_callbacks)
    run_at(at(TODAY, 18, 15), remind_events, django_capture_on_commit_callbacks)

    assert len(receiver.received) == 1
    provider, title = posted(receiver)[0]
    assert provider == "wecom"
    assert title.startswith("Tomorrow: Meetup")


def test_the_review_digest_goes_to_the_reviewers_once_a_day(
    receiver, channels, django_capture_on_commit_callbacks
):
    ReviewerFactory()
    SubmissionFactory(title="Old story", submitted_at=at(TODAY - timedelta(days=40)))

    run_at(at(TODAY, 8, 30), remind_overdue_reviews, django_capture_on_commit_callbacks)
    run_at(at(TODAY, 12), remind_overdue_reviews, django_capture_on_commit_callbacks)

    assert posted(receiver) == [("slack", "Reviews waiting longer than 7 working days: 1")]
    assert "Old story" in receiver.received[0].payload["blocks"][1]["text"]["text"]


def test_a_selection_is_celebrated_in_the_reviewers_and_community_channels(
    receiver, channels, django_capture_on_commit_callbacks
):
    author = MemberFactory(display_name="Ada")
    submission = SubmissionFactory(author=author, title="Tuning story")

    with django_capture_on_commit_callbacks(execute=True):
        submissions.submission_select(submission=submission, reviewer=ReviewerFactory())

    assert posted(receiver) == [
        ("discord", "Selected: “Tuning story” by Ada"),
        ("slack", "Selected: “Tuning story” by Ada"),
    ]

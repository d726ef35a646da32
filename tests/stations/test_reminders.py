"""Event reminders: registrants holding a seat hear once in the 24 hours before the start."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from community_portal.notifications.models import Notification
from stations import tasks
from stations.enums import EventState, RegistrationState
from stations.models import EventFeedback
from stations.reminders import remind_event_feedback, remind_events
from tests.factories.members import MemberFactory
from tests.factories.stations import EventFactory, RegistrationFactory, StationFactory
from tests.reminders import TODAY, at, keys, run_at, run_task_at

pytestmark = pytest.mark.django_db

STARTS = at(TODAY, 19)


@pytest.fixture
def event(db):
    return EventFactory(
        station=StationFactory(name="Hangzhou"),
        title="Tracing night",
        starts_at=STARTS,
        venue="Community space",
    )


@pytest.fixture
def registrant(event):
    return RegistrationFactory(event=event).member


@pytest.mark.parametrize(
    ("before_start", "reminded"),
    [
        (timedelta(hours=24, minutes=15), False),  # the run before: too early
        (timedelta(hours=24), True),  # 24 hours before
        (timedelta(hours=23, minutes=45), True),  # the next run, if that one was missed
        (timedelta(hours=1), True),  # late, still before the start
        (-timedelta(minutes=1), False),  # started
    ],
)
def test_event_reminder_window(
    event, registrant, django_capture_on_commit_callbacks, before_start, reminded
):
    run_at(STARTS - before_start, remind_events, django_capture_on_commit_callbacks)

    assert len(keys(f"stations.event.24h:{event.pk}:")) == (1 if reminded else 0)


def test_event_reminder_is_sent_once(
    event, registrant, django_capture_on_commit_callbacks, mailoutbox
):
    for hours in (24, 24, 23, 12, 1):
        run_at(STARTS - timedelta(hours=hours), remind_events, django_capture_on_commit_callbacks)

    (message,) = mailoutbox
    assert message.subject.endswith(
        f"Reminder: Tracing night starts on {date_format(STARTS.date())}, 19:00"
    )
    assert "Where: Community space" in message.body
    assert f"/stations/{event.station.slug}/events/{event.pk}/" in message.body


def test_only_registrants_holding_a_seat_are_reminded(event, django_capture_on_commit_callbacks):
    seated = [
        RegistrationFactory(event=event).member,
        RegistrationFactory(event=event, attended=True).member,
    ]
    RegistrationFactory(event=event, waitlisted=True)
    RegistrationFactory(event=event, state=RegistrationState.CANCELLED)
    RegistrationFactory(event=event, member=MemberFactory(is_active=False))

    reminded = run_at(
        STARTS - timedelta(hours=20), remind_events, django_capture_on_commit_callbacks
    )

    assert sorted(item.recipient_id for item in reminded) == sorted(m.pk for m in seated)


def test_cancelled_events_send_nothing(event, registrant, django_capture_on_commit_callbacks):
    Event = type(event)
    Event.objects.filter(pk=event.pk).update(
        state=EventState.CANCELLED, cancelled_at=timezone.now(), cancellation_reason="Storm"
    )

    assert (
        run_at(STARTS - timedelta(hours=20), remind_events, django_capture_on_commit_callbacks)
        == []
    )


def test_a_moved_event_is_reminded_again(event, registrant, django_capture_on_commit_callbacks):
    run_at(STARTS - timedelta(hours=20), remind_events, django_capture_on_commit_callbacks)
    event.starts_at = STARTS + timedelta(days=2)
    event.ends_at = event.starts_at + timedelta(hours=2)
    event.save()

    reminded = run_at(
        STARTS + timedelta(days=1, hours=4), remind_events, django_capture_on_commit_callbacks
    )

    assert [item.recipient_id for item in reminded] == [registrant.pk]
    assert len(keys(f"stations.event.24h:{event.pk}:")) == 2


def test_event_reminder_is_written_in_the_registrants_language(
    event, django_capture_on_commit_callbacks, mailoutbox
):
    RegistrationFactory(event=event, member=MemberFactory(preferred_language="zh-hans"))

    run_at(STARTS - timedelta(hours=20), remind_events, django_capture_on_commit_callbacks)

    assert mailoutbox[0].subject.endswith(
        f"Tracing night 将于 {STARTS.year}年{STARTS.month}月{STARTS.day}日 19:00 开始"
    )


def test_task_run_twice_reminds_once(
    event, registrant, django_capture_on_commit_callbacks, mailoutbox
):
    for _ in range(2):
        run_task_at(
            STARTS - timedelta(hours=20),
            tasks.remind_events,
            django_capture_on_commit_callbacks,
        )

    assert Notification.objects.filter(recipient=registrant).count() == 1
    assert len(mailoutbox) == 1


# --- Feedback after the event -----------------------------------------------------------

ENDS = STARTS + timedelta(hours=3)


def test_checked_in_attendees_are_asked_for_feedback_once_when_the_event_ends(
    event, django_capture_on_commit_callbacks, mailoutbox
):
    event.ends_at = ENDS
    event.save()
    attendee = RegistrationFactory(event=event, attended=True).member
    RegistrationFactory(event=event)  # registered, never came
    RegistrationFactory(event=event, state=RegistrationState.CANCELLED)

    before = run_at(
        ENDS - timedelta(minutes=5), remind_event_feedback, django_capture_on_commit_callbacks
    )
    first = run_at(
        ENDS + timedelta(minutes=10), remind_event_feedback, django_capture_on_commit_callbacks
    )
    again = run_at(
        ENDS + timedelta(hours=1), remind_event_feedback, django_capture_on_commit_callbacks
    )

    assert before == []
    assert [item.recipient_id for item in first] == [attendee.pk]
    assert again == []
    assert keys(f"stations.event.feedback:{event.pk}:") == [
        f"stations.event.feedback:{event.pk}:{attendee.pk}"
    ]
    (message,) = mailoutbox
    assert message.subject.endswith("How was Tracing night?")
    assert f"/stations/{event.station.slug}/events/{event.pk}/feedback/" in message.body


def test_attendees_who_answered_and_old_events_are_not_asked(
    event, django_capture_on_commit_callbacks
):
    event.ends_at = ENDS
    event.save()
    answered = RegistrationFactory(event=event, attended=True)
    EventFeedback.objects.create(event=event, registration=answered, rating=5)

    assert (
        run_at(ENDS + timedelta(hours=1), remind_event_feedback, django_capture_on_commit_callbacks)
        == []
    )

    RegistrationFactory(event=event, attended=True)
    assert (
        run_at(ENDS + timedelta(days=8), remind_event_feedback, django_capture_on_commit_callbacks)
        == []
    )


def test_the_event_beat_asks_for_feedback_too(event, django_capture_on_commit_callbacks):
    event.ends_at = ENDS
    event.save()
    attendee = RegistrationFactory(event=event, attended=True).member

    for _ in range(2):
        run_task_at(
            ENDS + timedelta(minutes=15),
            tasks.remind_events,
            django_capture_on_commit_callbacks,
        )

    assert Notification.objects.filter(recipient=attendee).count() == 1

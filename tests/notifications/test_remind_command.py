"""``manage.py remind``: run any reminder by hand, try it dry, list the schedules."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from community_portal.notifications.models import Notification
from tests.factories.members import CertificateFactory, MemberFactory
from tests.factories.stations import EventFactory, RegistrationFactory
from tests.reminders import TODAY, at

pytestmark = pytest.mark.django_db


def remind(*args) -> str:
    out = StringIO()
    call_command("remind", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def holder(db):
    member = MemberFactory(display_name="Lin Xiao", email="lin.xiao@example.com")
    CertificateFactory(
        holder=member, issued_on=TODAY - timedelta(days=600), expires_on=TODAY + timedelta(days=30)
    )
    return member


def test_list_shows_every_reminder_and_its_schedule():
    lines = remind("--list").splitlines()

    assert [line.split()[0] for line in lines] == [
        "campaign-ends",
        "certificate-expiry",
        "daily-digest",
        "escalated-reviews",
        "event-feedback",
        "events",
        "newly-qualified",
        "overdue-reviews",
        "partner-evaluations",
        "program-deadlines",
        "station-health",
        "volunteer-answers",
    ]
    assert "daily at 09:20 (Asia/Shanghai)" in lines[1]
    assert "daily at 07:00 (Asia/Shanghai)" in lines[2]
    assert "daily at 08:40 (Asia/Shanghai)" in lines[3]
    assert "every 15 minutes" in lines[4]
    assert "every 15 minutes" in lines[5]
    assert "daily at 09:40 (Asia/Shanghai)" in lines[6]
    assert "daily at 08:30 (Asia/Shanghai)" in lines[7]


def test_dry_run_lists_who_would_be_reminded_by_name_and_writes_nothing(holder, mailoutbox):
    output = remind("certificate-expiry", "--dry-run", "--date", TODAY.isoformat())

    heading, listed, total = output.splitlines()
    assert heading == "certificate-expiry as at 2026-05-13 00:00 CST:"
    assert listed.startswith(f"  Lin Xiao (member #{holder.pk}): Your certificate ")
    assert total == "1 reminder(s) would be sent."
    assert "lin.xiao@example.com" not in output
    assert Notification.objects.count() == 0
    assert mailoutbox == []


def test_run_by_hand_sends_and_a_second_run_sends_nothing(
    holder, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = remind("certificate-expiry", "--date", TODAY.isoformat())
    with django_capture_on_commit_callbacks(execute=True):
        second = remind("certificate-expiry", "--date", TODAY.isoformat())

    assert "1 reminder(s) sent." in first
    assert "0 reminder(s) sent." in second
    assert Notification.objects.filter(recipient=holder).count() == 1
    assert len(mailoutbox) == 1


def test_now_picks_the_moment(db):
    registrant = RegistrationFactory(event=EventFactory(starts_at=at(TODAY, 19))).member

    too_early = remind("events", "--dry-run", "--now", f"{TODAY - timedelta(days=1)}T18:00")
    in_time = remind("events", "--dry-run", "--now", f"{TODAY - timedelta(days=1)}T19:00+08:00")

    assert "0 reminder(s) would be sent" in too_early
    assert f"(member #{registrant.pk})" in in_time


def test_without_a_date_it_runs_now(holder):
    with time_machine.travel(at(TODAY, 10), tick=False):
        output = remind("certificate-expiry", "--dry-run")

    assert output.startswith("certificate-expiry as at 2026-05-13 10:00 CST:\n")
    assert output.endswith("1 reminder(s) would be sent.\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Name a reminder"),
        (["birthdays"], "No reminder is called 'birthdays'"),
        (["events", "--date", "13/05/2026"], "--date takes a date as YYYY-MM-DD"),
        (["events", "--now", "tomorrow"], "--now takes an ISO 8601 moment"),
    ],
)
def test_bad_arguments_are_explained(args, message):
    with pytest.raises(CommandError, match=message):
        remind(*args)

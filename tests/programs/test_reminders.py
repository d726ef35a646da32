"""Program deadlines: members holding a draft hear 7 days and 1 day before the program closes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community_portal.core.formatting import date_param
from community_portal.notifications.models import Notification
from programs import tasks
from programs.enums import ApplicationState, ProgramState
from programs.reminders import overdue_applications, remind_program_deadlines
from tests.factories.members import MemberFactory
from tests.factories.programs import ApplicationFactory, NamedMemberFactory, ProgramFactory
from tests.reminders import TODAY, at, keys, run_at, run_task_at

pytestmark = pytest.mark.django_db

CLOSES = TODAY + timedelta(days=20)


@pytest.fixture
def program(db):
    return ProgramFactory(opens_on=TODAY - timedelta(days=30), closes_on=CLOSES)


@pytest.fixture
def drafter(program):
    member = MemberFactory()
    ApplicationFactory(program=program, applicant=member)
    return member


def days_before(days: int):
    return at(CLOSES - timedelta(days=days))


def occasions(program, member) -> list[str]:
    """The deadline occasions ``member`` was reminded of, e.g. ["1d", "7d"]."""
    return sorted(
        key.split(":")[0].rsplit(".", 1)[1]
        for key in keys("programs.deadline.")
        if key.endswith(f":{program.pk}:{CLOSES.isoformat()}:{member.pk}")
    )


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (8, []),  # a day early
        (7, ["7d"]),  # on the day
        (6, ["7d"]),  # a day late: the daily run was missed, it catches up
        (2, ["7d"]),
        (1, ["1d"]),  # on the day of the second reminder, never both
        (0, ["1d"]),  # the last day: a missed 1-day run catches up
        (-1, []),  # closed
    ],
)
def test_deadline_reminder_window(
    program, drafter, django_capture_on_commit_callbacks, days, expected
):
    run_at(days_before(days), remind_program_deadlines, django_capture_on_commit_callbacks)

    assert occasions(program, drafter) == expected


def test_each_deadline_reminder_is_sent_once(
    program, drafter, django_capture_on_commit_callbacks, mailoutbox
):
    for days in (7, 7, 6, 3, 1, 0):
        run_at(days_before(days), remind_program_deadlines, django_capture_on_commit_callbacks)

    assert occasions(program, drafter) == ["1d", "7d"]
    assert len(mailoutbox) == 2


def test_first_run_on_the_last_day_sends_only_the_one_day_reminder(
    program, drafter, django_capture_on_commit_callbacks
):
    run_at(days_before(0), remind_program_deadlines, django_capture_on_commit_callbacks)

    assert occasions(program, drafter) == ["1d"]


def test_only_members_holding_a_draft_are_reminded(program, django_capture_on_commit_callbacks):
    drafter = MemberFactory()
    ApplicationFactory(program=program, applicant=drafter)
    for state in ("submitted", "in_review"):
        ApplicationFactory(program=program, **{state: True})
    ApplicationFactory(program=program, state=ApplicationState.CHANGES_REQUESTED, submitted=True)
    ApplicationFactory(program=program, state=ApplicationState.WITHDRAWN)
    ApplicationFactory(program=program, applicant=MemberFactory(is_active=False))
    later = ProgramFactory(opens_on=TODAY, closes_on=CLOSES + timedelta(days=1))
    ApplicationFactory(program=later)

    reminded = run_at(days_before(7), remind_program_deadlines, django_capture_on_commit_callbacks)

    assert [item.recipient_id for item in reminded] == [drafter.pk]


def test_a_member_with_two_drafts_gets_one_reminder(
    program, drafter, django_capture_on_commit_callbacks, mailoutbox
):
    ApplicationFactory(program=program, applicant=drafter)

    run_at(days_before(7), remind_program_deadlines, django_capture_on_commit_callbacks)

    assert len(mailoutbox) == 1


@pytest.mark.parametrize("state", [ProgramState.DRAFT, ProgramState.CLOSED])
def test_a_program_not_open_sends_nothing(
    program, drafter, django_capture_on_commit_callbacks, state
):
    program.state = state
    program.save()

    assert (
        run_at(days_before(7), remind_program_deadlines, django_capture_on_commit_callbacks) == []
    )


def test_a_later_closing_date_is_a_new_occasion(
    program, drafter, django_capture_on_commit_callbacks
):
    run_at(days_before(7), remind_program_deadlines, django_capture_on_commit_callbacks)
    program.closes_on = CLOSES + timedelta(days=7)
    program.save()

    reminded = run_at(at(CLOSES), remind_program_deadlines, django_capture_on_commit_callbacks)

    assert [item.params["date"] for item in reminded] == [date_param(program.closes_on)]


def test_reminder_says_when_the_program_closes_in_the_members_language(
    program, django_capture_on_commit_callbacks, mailoutbox
):
    member = MemberFactory(preferred_language="zh-hans")
    ApplicationFactory(program=program, applicant=member)

    run_at(days_before(7), remind_program_deadlines, django_capture_on_commit_callbacks)

    (message,) = mailoutbox
    assert message.subject.endswith(f"申请将于 {CLOSES.year}年{CLOSES.month}月{CLOSES.day}日 截止")
    assert "草稿" in message.body
    assert "/programs/applications/" in message.body


def test_task_run_twice_reminds_once(
    program, drafter, django_capture_on_commit_callbacks, mailoutbox
):
    for _ in range(2):
        run_task_at(
            days_before(7), tasks.remind_program_deadlines, django_capture_on_commit_callbacks
        )

    assert Notification.objects.filter(recipient=drafter).count() == 1
    assert len(mailoutbox) == 1


def test_dry_run_lists_who_would_be_reminded_and_writes_nothing(
    program, drafter, django_capture_on_commit_callbacks, mailoutbox
):
    planned = run_at(
        days_before(7), remind_program_deadlines, django_capture_on_commit_callbacks, dry_run=True
    )

    assert [item.recipient_id for item in planned] == [drafter.pk]
    assert Notification.objects.count() == 0
    assert mailoutbox == []


def test_overdue_applications_name_everyone_who_may_not_decide(program):
    application = ApplicationFactory(
        program=program, submitted=True, submitted_at=timezone.now() - timedelta(days=20)
    )
    named = NamedMemberFactory(application=application, declined=True)
    ApplicationFactory(program=program, submitted=True)  # waiting, not for long
    ApplicationFactory(program=program, approved=True)

    (item,) = overdue_applications(
        waiting_since_before=timezone.now() - timedelta(days=10), today=timezone.localdate()
    )

    assert item.involved == {application.applicant_id, named.member_id}
    assert item.url == f"/admin/programs/application/{application.pk}/change/"
    assert program.title in item.title

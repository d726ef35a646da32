"""Certificate expiry (30 days before the last valid day, to the holder) and volunteer-group
answers overdue after 7 working days (to the group's owner)."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone
from django.utils.formats import date_format

from community_portal.core.formatting import date_param
from community_portal.core.models import CalendarDay, CalendarDayKind
from community_portal.notifications.models import Notification
from members import tasks
from members.enums import VolunteerApplicationState
from members.reminders import remind_certificate_expiry, remind_volunteer_answers
from members.services.certifications import (
    certificate_renew,
    certificate_request_renewal,
    certificate_revoke,
)
from members.services.volunteering import volunteer_application_answer, volunteer_apply
from tests.factories.members import (
    CertificateFactory,
    CertificationLevelFactory,
    MemberFactory,
    VolunteerApplicationFactory,
    VolunteerGroupFactory,
)
from tests.reminders import TODAY, at, keys, run_at, run_task_at

pytestmark = pytest.mark.django_db

LAST_VALID_DAY = TODAY + timedelta(days=40)


@pytest.fixture
def certificate(db):
    return CertificateFactory(
        issued_on=TODAY - timedelta(days=600),
        expires_on=LAST_VALID_DAY,
        level=CertificationLevelFactory(name="Professional"),
    )


def days_before_expiry(days: int):
    return at(LAST_VALID_DAY - timedelta(days=days))


# --- Certificates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "reminded"),
    [
        (31, False),  # a day early
        (30, True),  # on the day
        (29, True),  # a day late: a missed run catches up
        (0, True),  # the last valid day
        (-1, False),  # expired
    ],
)
def test_certificate_expiry_window(certificate, django_capture_on_commit_callbacks, days, reminded):
    run_at(days_before_expiry(days), remind_certificate_expiry, django_capture_on_commit_callbacks)

    expected = [
        f"members.cert_expiry:{certificate.pk}:{LAST_VALID_DAY.isoformat()}:{certificate.holder_id}"
    ]
    assert keys("members.cert_expiry:") == (expected if reminded else [])


def test_certificate_expiry_reminder_is_sent_once(
    certificate, django_capture_on_commit_callbacks, mailoutbox
):
    for days in (30, 30, 29, 1):
        run_at(
            days_before_expiry(days), remind_certificate_expiry, django_capture_on_commit_callbacks
        )

    assert len(mailoutbox) == 1


def test_holder_gets_the_renewal_link(certificate, django_capture_on_commit_callbacks, mailoutbox):
    run_at(days_before_expiry(30), remind_certificate_expiry, django_capture_on_commit_callbacks)

    (message,) = mailoutbox
    assert message.to == [certificate.holder.email]
    assert message.subject.endswith(
        f"Your certificate Professional is valid until {date_format(LAST_VALID_DAY)}"
    )
    assert certificate.number in message.body
    assert "/members/me/certifications/" in message.body


def test_reminder_is_written_in_the_holders_language(
    django_capture_on_commit_callbacks, mailoutbox
):
    CertificateFactory(
        holder=MemberFactory(preferred_language="zh-hans"),
        issued_on=TODAY - timedelta(days=600),
        expires_on=LAST_VALID_DAY,
    )

    run_at(days_before_expiry(30), remind_certificate_expiry, django_capture_on_commit_callbacks)

    assert "续期" in mailoutbox[0].body


def test_lifetime_revoked_and_renewal_asked_certificates_get_no_reminder(
    reviewer, django_capture_on_commit_callbacks
):
    CertificateFactory(level=CertificationLevelFactory(validity_years=None), expires_on=None)
    revoked = CertificateFactory(issued_on=TODAY - timedelta(days=600), expires_on=LAST_VALID_DAY)
    asked = CertificateFactory(issued_on=TODAY - timedelta(days=600), expires_on=LAST_VALID_DAY)
    CertificateFactory(
        holder=MemberFactory(is_active=False),
        issued_on=TODAY - timedelta(days=600),
        expires_on=LAST_VALID_DAY,
    )
    with time_machine.travel(at(TODAY), tick=False):
        certificate_revoke(certificate=revoked, revoked_by=reviewer, reason="Copied the exam")
        certificate_request_renewal(certificate=asked, holder=asked.holder, note="Course done")

    assert (
        run_at(
            days_before_expiry(30), remind_certificate_expiry, django_capture_on_commit_callbacks
        )
        == []
    )


def test_a_renewed_certificate_is_reminded_again_before_its_new_last_day(
    certificate, reviewer, django_capture_on_commit_callbacks
):
    run_at(days_before_expiry(30), remind_certificate_expiry, django_capture_on_commit_callbacks)
    with time_machine.travel(days_before_expiry(20), tick=False):
        certificate_renew(certificate=certificate, renewed_by=reviewer)
    certificate.refresh_from_db()

    reminded = run_at(
        at(certificate.expires_on - timedelta(days=30)),
        remind_certificate_expiry,
        django_capture_on_commit_callbacks,
    )

    assert [item.params["date"] for item in reminded] == [date_param(certificate.expires_on)]
    assert len(keys("members.cert_expiry:")) == 2


def test_certificate_task_run_twice_reminds_once(
    certificate, django_capture_on_commit_callbacks, mailoutbox
):
    for _ in range(2):
        run_task_at(
            days_before_expiry(30),
            tasks.remind_certificate_expiry,
            django_capture_on_commit_callbacks,
        )

    assert Notification.objects.filter(recipient=certificate.holder).count() == 1
    assert len(mailoutbox) == 1


# --- Volunteer groups ----------------------------------------------------------------------


@pytest.fixture
def application(db):
    return VolunteerApplicationFactory(
        group=VolunteerGroupFactory(name="Design group"),
        applicant=MemberFactory(display_name="Mei"),
        created_at=at(TODAY - timedelta(days=9)),
        answer_due_on=TODAY,
    )


@pytest.mark.parametrize(
    ("day", "reminded"),
    [
        (TODAY, False),  # the answer is due today: a day early
        (TODAY + timedelta(days=1), True),  # overdue from the next day
        (TODAY + timedelta(days=2), True),  # a day late: a missed run catches up
    ],
)
def test_volunteer_answer_window(application, django_capture_on_commit_callbacks, day, reminded):
    run_at(at(day), remind_volunteer_answers, django_capture_on_commit_callbacks)

    owner = application.group.owner_id
    expected = [f"members.volunteer_overdue:{application.pk}:{owner}"]
    assert keys("members.volunteer_overdue:") == (expected if reminded else [])


def test_volunteer_reminder_is_sent_once_to_the_owner(
    application, django_capture_on_commit_callbacks, mailoutbox
):
    for days in (1, 1, 2, 30):
        run_at(
            at(TODAY + timedelta(days=days)),
            remind_volunteer_answers,
            django_capture_on_commit_callbacks,
        )

    (message,) = mailoutbox
    assert message.to == [application.group.owner.email]
    assert message.subject.endswith("Mei is waiting for your answer: Design group")
    assert f"/members/volunteer-groups/{application.group.slug}/applications/" in message.body


def test_owner_is_reminded_after_seven_working_days_skipping_holidays(
    django_capture_on_commit_callbacks,
):
    # National Day 2026: October 1-7 off, Sunday September 27 and Saturday October 10 worked.
    for day in range(1, 8):
        CalendarDay.objects.create(date=date(2026, 10, day), name="National Day")
    for worked in (date(2026, 9, 27), date(2026, 10, 10)):
        CalendarDay.objects.create(date=worked, kind=CalendarDayKind.WORKING_DAY, name="Make-up")
    group = VolunteerGroupFactory()
    with time_machine.travel(at(date(2026, 9, 25)), tick=False):  # a Friday
        volunteer_apply(group=group, applicant=MemberFactory(), motivation="I design.")

    on_due_day = run_at(
        at(date(2026, 10, 10)), remind_volunteer_answers, django_capture_on_commit_callbacks
    )
    next_day = run_at(
        at(date(2026, 10, 11)), remind_volunteer_answers, django_capture_on_commit_callbacks
    )

    assert on_due_day == []
    assert [item.recipient_id for item in next_day] == [group.owner.pk]


def test_answered_applications_and_inactive_owners_get_no_reminder(
    application, django_capture_on_commit_callbacks
):
    with time_machine.travel(at(TODAY), tick=False):
        volunteer_application_answer(
            application=application, answered_by=application.group.owner, accept=True
        )
    VolunteerApplicationFactory(
        group=VolunteerGroupFactory(owner=MemberFactory(is_active=False)), answer_due_on=TODAY
    )
    VolunteerApplicationFactory(
        state=VolunteerApplicationState.WITHDRAWN, answered_at=timezone.now(), answer_due_on=TODAY
    )

    assert (
        run_at(
            at(TODAY + timedelta(days=1)),
            remind_volunteer_answers,
            django_capture_on_commit_callbacks,
        )
        == []
    )


def test_a_new_owner_is_reminded_too(application, django_capture_on_commit_callbacks):
    run_at(
        at(TODAY + timedelta(days=1)), remind_volunteer_answers, django_capture_on_commit_callbacks
    )
    group = application.group
    group.owner = MemberFactory()
    group.save()

    reminded = run_at(
        at(TODAY + timedelta(days=2)), remind_volunteer_answers, django_capture_on_commit_callbacks
    )

    assert [item.recipient_id for item in reminded] == [group.owner.pk]


def test_volunteer_reminder_is_written_in_the_owners_language(
    django_capture_on_commit_callbacks, mailoutbox
):
    owner = MemberFactory(preferred_language="zh-hans")
    VolunteerApplicationFactory(
        group=VolunteerGroupFactory(owner=owner, name="Media group"),
        applicant=MemberFactory(display_name="Mei"),
        answer_due_on=TODAY,
    )

    run_at(
        at(TODAY + timedelta(days=1)), remind_volunteer_answers, django_capture_on_commit_callbacks
    )

    assert "Mei 在等待你的答复" in mailoutbox[0].subject


def test_volunteer_task_run_twice_reminds_once(
    application, django_capture_on_commit_callbacks, mailoutbox
):
    for _ in range(2):
        run_task_at(
            at(TODAY + timedelta(days=1)),
            tasks.remind_volunteer_answers,
            django_capture_on_commit_callbacks,
        )

    assert len(mailoutbox) == 1

"""The reads other apps rely on: program roles and participations of a member."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from programs import services
from programs.enums import ApplicationState
from programs.selectors import member_has_program_role_since, participations_for_member
from tests.factories.members import MemberFactory
from tests.factories.programs import ApplicationFactory, NamedMemberFactory

pytestmark = pytest.mark.django_db

SINCE = datetime.fromisoformat("2026-01-01T00:00:00+08:00")
TICK = timedelta(microseconds=1)


def participation(approved_at, completed_at=None, **kwargs):
    state = ApplicationState.COMPLETED if completed_at else ApplicationState.APPROVED
    return ApplicationFactory(
        state=state,
        submitted_at=approved_at,
        decided_at=approved_at,
        approved_at=approved_at,
        completed_at=completed_at,
        **kwargs,
    )


# --- member_has_program_role_since ------------------------------------------------------------


def test_applicant_of_a_participation_approved_long_ago_and_still_running_counts():
    application = participation(SINCE - timedelta(days=400))

    assert member_has_program_role_since(member=application.applicant, since=SINCE) is True


def test_participation_approved_exactly_at_since_counts():
    application = participation(SINCE, completed_at=SINCE + timedelta(days=1))

    assert member_has_program_role_since(member=application.applicant, since=SINCE) is True


def test_participation_completed_exactly_at_since_counts():
    application = participation(SINCE - timedelta(days=100), completed_at=SINCE)

    assert member_has_program_role_since(member=application.applicant, since=SINCE) is True


def test_participation_completed_just_before_since_does_not_count():
    application = participation(SINCE - timedelta(days=100), completed_at=SINCE - TICK)

    assert member_has_program_role_since(member=application.applicant, since=SINCE) is False


def test_confirmed_named_member_counts():
    application = participation(SINCE - timedelta(days=10))
    named = NamedMemberFactory(application=application, confirmed=True).member

    assert member_has_program_role_since(member=named, since=SINCE) is True


@pytest.mark.parametrize("answer", ["pending", "declined"])
def test_named_member_who_did_not_confirm_does_not_count(answer):
    application = participation(SINCE + timedelta(days=10))
    named = NamedMemberFactory(
        application=application,
        state=answer,
        answered_at=None if answer == "pending" else timezone.now(),
    ).member

    assert member_has_program_role_since(member=named, since=SINCE) is False


@pytest.mark.parametrize(
    "state",
    [
        ApplicationState.DRAFT,
        ApplicationState.SUBMITTED,
        ApplicationState.IN_REVIEW,
        ApplicationState.CHANGES_REQUESTED,
        ApplicationState.REJECTED,
        ApplicationState.WITHDRAWN,
    ],
)
def test_application_that_was_never_approved_does_not_count(state):
    application = ApplicationFactory(
        state=state, submitted_at=None if state == "draft" else SINCE + timedelta(days=1)
    )
    NamedMemberFactory(application=application, confirmed=True)

    assert member_has_program_role_since(member=application.applicant, since=SINCE) is False


def test_someone_else_s_participation_does_not_count():
    participation(SINCE + timedelta(days=1))

    assert member_has_program_role_since(member=MemberFactory(), since=SINCE) is False


def test_six_months_window_through_the_services(reviewer):
    """The stations app's use: a participation approved, then completed."""
    with time_machine.travel("2026-01-10 10:00 +0800", tick=False):
        application = ApplicationFactory(in_review=True)
        services.application_approve(application=application, actor=reviewer)
    with time_machine.travel("2026-03-01 10:00 +0800", tick=False):
        services.application_complete(application=application, actor=reviewer)
    member = application.applicant

    completion = datetime.fromisoformat("2026-03-01T10:00:00+08:00")
    assert member_has_program_role_since(member=member, since=completion) is True
    assert member_has_program_role_since(member=member, since=completion + TICK) is False


# --- participations_for_member -----------------------------------------------------------------


def test_participations_are_those_applied_for_or_confirmed_newest_first():
    member = MemberFactory()
    older = participation(SINCE, applicant=member)
    newer = participation(SINCE + timedelta(days=30), completed_at=SINCE + timedelta(days=60))
    NamedMemberFactory(application=newer, member=member, confirmed=True)
    NamedMemberFactory.create_batch(3, application=older, confirmed=True)  # no duplicates
    pending = participation(SINCE + timedelta(days=90))
    NamedMemberFactory(application=pending, member=member)
    ApplicationFactory(applicant=member, in_review=True)

    assert list(participations_for_member(member=member)) == [newer, older]


def test_participations_load_their_program(django_assert_num_queries):
    member = MemberFactory()
    participation(SINCE, applicant=member)

    with django_assert_num_queries(1):
        titles = [p.program.title for p in participations_for_member(member=member)]

    assert len(titles) == 1

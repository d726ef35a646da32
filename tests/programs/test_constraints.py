"""The database itself refuses rows that break the programs' rules."""

from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from programs.enums import ApplicationState, NamedMemberState
from programs.models import ApplicationTransition, ProgramStateChange, ThankYouLetter
from tests.factories.members import MemberFactory
from tests.factories.programs import (
    ApplicationFactory,
    MilestoneFactory,
    NamedMemberFactory,
    ProgramFactory,
)

pytestmark = pytest.mark.django_db


@contextmanager
def refused():
    """Expect the database to refuse what happens inside (the test's transaction stays usable)."""
    with pytest.raises(IntegrityError), transaction.atomic():
        yield


def test_program_cannot_close_before_it_opens():
    today = timezone.localdate()

    with refused():
        ProgramFactory(opens_on=today, closes_on=today - timedelta(days=1))


def test_program_needs_at_least_one_named_member():
    with refused():
        ProgramFactory(min_named_members=0)


def test_program_state_must_be_known():
    with refused():
        ProgramFactory(state="paused")


def test_one_live_application_per_organization_applicant_and_program():
    first = ApplicationFactory(organization_name="Northwind")

    with refused():
        ApplicationFactory(
            program=first.program, applicant=first.applicant, organization_name="NORTHWIND"
        )


def test_organization_may_apply_again_after_a_withdrawal():
    first = ApplicationFactory(organization_name="Northwind", state=ApplicationState.WITHDRAWN)

    again = ApplicationFactory(
        program=first.program, applicant=first.applicant, organization_name="Northwind"
    )

    assert again.pk != first.pk


def test_agreement_without_its_version_is_refused():
    with refused():
        ApplicationFactory(coc_version="")


def test_submitted_application_needs_its_submission_time():
    with refused():
        ApplicationFactory(state=ApplicationState.SUBMITTED, submitted_at=None)


def test_approved_application_needs_its_approval_time():
    with refused():
        ApplicationFactory(submitted=True, state=ApplicationState.APPROVED, approved_at=None)


def test_completed_application_needs_its_completion_time():
    with refused():
        ApplicationFactory(approved=True, state=ApplicationState.COMPLETED, completed_at=None)


def test_application_state_must_be_known():
    with refused():
        ApplicationFactory(state="pending")


def test_history_entry_must_change_the_state():
    application = ApplicationFactory()

    with refused():
        ApplicationTransition.objects.create(
            application=application, from_state="draft", to_state="draft"
        )


def test_program_history_entry_must_change_the_state():
    program = ProgramFactory()

    with refused():
        ProgramStateChange.objects.create(program=program, from_state="open", to_state="open")


def test_member_is_named_once_per_application():
    named = NamedMemberFactory()

    with refused():
        NamedMemberFactory(application=named.application, member=named.member)


def test_answer_needs_its_time_and_a_pending_naming_has_none():
    with refused():
        NamedMemberFactory(state=NamedMemberState.CONFIRMED, answered_at=None)
    with refused():
        NamedMemberFactory(state=NamedMemberState.PENDING, answered_at=timezone.now())


def test_one_letter_per_contributor_and_participation():
    application = ApplicationFactory(completed=True)
    ThankYouLetter.objects.create(application=application, recipient=application.applicant)

    with refused():
        ThankYouLetter.objects.create(application=application, recipient=application.applicant)


def test_letter_token_must_be_long():
    application = ApplicationFactory(completed=True)

    with refused():
        ThankYouLetter.objects.create(
            application=application, recipient=MemberFactory(), token="guessable"
        )


def test_milestone_kind_must_be_known():
    with refused():
        MilestoneFactory(kind="rumour")

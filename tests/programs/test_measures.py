"""What programs tell tier progress and the activity rule (members.progress)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from members.progress import measure_member, member_was_active_since
from tests.factories.programs import ApplicationFactory, NamedMemberFactory

pytestmark = pytest.mark.django_db


def test_participations_as_applicant_or_confirmed_named_member_are_measured(member):
    ApplicationFactory(applicant=member, approved=True)
    NamedMemberFactory(
        member=member, confirmed=True, application=ApplicationFactory(completed=True)
    )
    NamedMemberFactory(member=member, application=ApplicationFactory(approved=True))  # unconfirmed
    ApplicationFactory(applicant=member, submitted=True)  # not a participation yet

    assert measure_member(member, keys=["programs.participations"]) == {
        "programs.participations": 2
    }


def test_a_participation_completed_long_ago_is_no_longer_activity(member):
    long_ago = timezone.now() - timedelta(days=400)
    ApplicationFactory(
        applicant=member, completed=True, approved_at=long_ago, completed_at=long_ago
    )
    six_months_ago = timezone.now() - timedelta(days=183)

    assert member_was_active_since(member, six_months_ago) is False
    assert measure_member(member, keys=["programs.participations"]) == {
        "programs.participations": 1
    }


def test_an_ongoing_participation_is_activity(member):
    long_ago = timezone.now() - timedelta(days=400)
    ApplicationFactory(applicant=member, approved=True, approved_at=long_ago)

    assert member_was_active_since(member, timezone.now() - timedelta(days=183)) is True

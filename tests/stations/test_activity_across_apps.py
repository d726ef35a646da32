"""The founding rule reads activity from every app: submissions, programs, stations."""

from datetime import timedelta

import pytest
from django.utils import timezone

from stations.services import StationError, founding_request_create
from submissions import services as submission_services
from tests.factories.members import MemberFactory
from tests.factories.programs import ApplicationFactory
from tests.factories.submissions import SubmissionFactory

pytestmark = pytest.mark.django_db

RECENT = timedelta(days=60)
LONG_AGO = timedelta(days=400)


def propose(member, name="Xi'an"):
    return founding_request_create(
        proposer=member, kind="city", name=name, city=name, region="Shaanxi", motivation="Meetups"
    )


def test_a_recently_selected_submission_is_enough(member):
    SubmissionFactory(author=member, selected=True, selected_at=timezone.now() - RECENT)

    assert propose(member).proposer == member


def test_points_earned_recently_are_enough(member):
    source = SubmissionFactory(author=member)
    submission_services.points_award(member=member, amount=50, reason="Bug", source=source)

    assert propose(member).proposer == member


def test_an_ongoing_program_participation_is_enough(member):
    ApplicationFactory(applicant=member, approved=True, approved_at=timezone.now() - LONG_AGO)

    assert propose(member).proposer == member


def test_only_old_activity_is_not_enough():
    member = MemberFactory()
    long_ago = timezone.now() - LONG_AGO
    SubmissionFactory(author=member, selected=True, selected_at=long_ago)
    ApplicationFactory(
        applicant=member, completed=True, approved_at=long_ago, completed_at=long_ago
    )

    with pytest.raises(StationError, match="active in the community in the last six months"):
        propose(member)

"""What submissions tell tier progress and the activity rule (members.progress)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from members.progress import measure_member, member_was_active_since
from submissions import services
from tests.factories.members import ReviewerFactory
from tests.factories.submissions import SubmissionFactory

pytestmark = pytest.mark.django_db


def test_points_and_selected_submissions_are_measured(member):
    SubmissionFactory(author=member, selected=True)
    SubmissionFactory(author=member)  # still waiting: not counted
    submission = SubmissionFactory(author=member, selected=True)
    services.points_award(member=member, amount=500, reason="Early bird", source=submission)

    values = measure_member(member, keys=["submissions.points", "submissions.selected"])

    assert values == {"submissions.points": 500, "submissions.selected": 2}


def test_a_selection_within_six_months_makes_a_member_active(member):
    now = timezone.now()
    SubmissionFactory(author=member, selected=True, selected_at=now - timedelta(days=10))

    assert member_was_active_since(member, now - timedelta(days=180)) is True
    assert member_was_active_since(member, now - timedelta(days=5)) is False


def test_points_earned_since_make_a_member_active_but_a_reversed_award_does_not(member):
    submission = SubmissionFactory(author=member)
    entry = services.points_award(member=member, amount=200, reason="Bug", source=submission)
    since = timezone.now() - timedelta(days=1)
    assert member_was_active_since(member, since) is True

    services.points_reverse(entry=entry, reason="Duplicate report", reversed_by=ReviewerFactory())

    assert member_was_active_since(member, since) is False
    assert measure_member(member, keys=["submissions.points"], since=since) == {
        "submissions.points": 0
    }

"""Parallel selections and choices, proven with parallel transactions on PostgreSQL."""

import pytest

from recognition import services
from recognition.enums import StarKind
from recognition.errors import RecognitionError
from recognition.models import EssayRecommendation, Nomination
from submissions import services as submission_services
from tests.factories.members import MemberFactory, ReviewerFactory
from tests.factories.recognition import NominationFactory
from tests.factories.submissions import CampaignFactory, SubmissionFactory
from tests.parallel import refusals, run_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_ten_selections_of_one_author_at_once_nominate_once():
    author = MemberFactory()
    reviewer = ReviewerFactory()
    campaigns = CampaignFactory.create_batch(10)  # each selection locks its own campaign
    submissions = [SubmissionFactory(author=author, campaign=c) for c in campaigns]

    results = run_at_once(
        [
            lambda s=s: submission_services.submission_select(submission=s, reviewer=reviewer)
            for s in submissions
        ]
    )

    assert [r for r in results if isinstance(r, Exception)] == []
    assert Nomination.objects.filter(member=author, kind=StarKind.MONTH).count() == 1
    assert all(s.state == "selected" for s in results)


def test_two_reviewers_choosing_one_star_at_once_choose_it_once():
    nomination = NominationFactory()
    reviewers = ReviewerFactory.create_batch(5)

    results = run_at_once(
        [
            lambda r=r: services.star_choose(nomination=nomination, reviewer=r, citation=r.username)
            for r in reviewers
        ]
    )

    assert len(refusals(results, RecognitionError)) == 4
    assert Nomination.objects.filter(kind=StarKind.YEAR, member=nomination.member).count() == 1
    assert nomination.transitions.filter(to_state="chosen").count() == 1


def test_one_submission_recommended_at_once_by_five_reviewers_is_recommended_once():
    submission = SubmissionFactory(selected=True)
    reviewers = ReviewerFactory.create_batch(5)

    results = run_at_once(
        [lambda r=r: services.essay_recommend(submission=submission, reviewer=r) for r in reviewers]
    )

    assert len(refusals(results, RecognitionError)) == 4
    assert EssayRecommendation.objects.count() == 1

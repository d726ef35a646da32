"""Concurrent selections, awards and corrections, proven with parallel transactions."""

import threading
from collections import Counter

import pytest
import time_machine
from django.db import connection

from submissions import services
from submissions.enums import Channel, SubmissionState
from submissions.errors import AlreadyReversedError, DuplicateAwardError, SubmissionError
from submissions.models import PointEntry, Submission
from tests.factories.members import MemberFactory
from tests.factories.submissions import SubmissionFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

EARLY = "2025-03-01T10:00+08:00"


def run_at_once(jobs):
    """Start every job at the same instant, each in its own thread and connection."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # the refusals are what we look at
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_concurrent_selections_never_give_more_than_five_angel_awards(seed_campaign, reviewer):
    submissions = SubmissionFactory.create_batch(
        12, campaign=seed_campaign, channel=Channel.BLOG_POST
    )
    jobs = [
        lambda submission=submission: services.submission_select(
            submission=submission, reviewer=reviewer
        )
        for submission in submissions
    ]

    with time_machine.travel(EARLY, tick=False):
        results = run_at_once(jobs)

    assert [r for r in results if isinstance(r, Exception)] == []
    amounts = Counter(PointEntry.objects.values_list("amount", flat=True))
    assert amounts == {1000: 5, 500: 7}
    assert Submission.objects.filter(state=SubmissionState.SELECTED).count() == 12
    angel_ids = set(PointEntry.objects.filter(amount=1000).values_list("source_id", flat=True))
    assert len(angel_ids) == 5


def test_concurrent_selections_of_one_submission_award_it_once(seed_campaign, reviewer):
    submission = SubmissionFactory(campaign=seed_campaign, channel=Channel.FORUM_POST)
    reviewers = [reviewer, *[MemberFactory(is_superuser=True) for _ in range(3)]]
    jobs = [
        lambda who=who: services.submission_select(submission=submission, reviewer=who)
        for who in reviewers
    ]

    with time_machine.travel(EARLY, tick=False):
        results = run_at_once(jobs)

    refusals = [r for r in results if isinstance(r, SubmissionError)]
    assert len(refusals) == 3
    assert list(PointEntry.objects.values_list("source_id", "amount")) == [(submission.pk, 1000)]
    submission.refresh_from_db()
    assert submission.transitions.count() == 1


def test_concurrent_awards_for_one_source_write_one_entry(member):
    source = SubmissionFactory(author=member, selected=True)
    jobs = [
        lambda: services.points_award(member=member, amount=100, reason="Event", source=source)
        for _ in range(4)
    ]

    results = run_at_once(jobs)

    assert sum(isinstance(r, DuplicateAwardError) for r in results) == 3
    assert PointEntry.objects.count() == 1


def test_concurrent_corrections_of_one_entry_write_one_reversal(member, reviewer):
    source = SubmissionFactory(author=member, selected=True)
    entry = services.points_award(member=member, amount=100, reason="Event", source=source)
    jobs = [
        lambda: services.points_reverse(entry=entry, reason="Mistake", reversed_by=reviewer)
        for _ in range(4)
    ]

    results = run_at_once(jobs)

    assert sum(isinstance(r, AlreadyReversedError) for r in results) == 3
    assert PointEntry.objects.filter(reverses=entry).count() == 1
    assert sum(PointEntry.objects.values_list("amount", flat=True)) == 0


def test_concurrent_submissions_of_one_url_keep_one(campaign):
    authors = [MemberFactory() for _ in range(4)]
    jobs = [
        lambda author=author: services.submission_create(
            campaign=campaign,
            author=author,
            title="Same post",
            channel=Channel.BLOG_POST,
            url="https://blog.example.org/same",
            summary="Twice?",
        )
        for author in authors
    ]

    results = run_at_once(jobs)

    refusals = [r for r in results if isinstance(r, SubmissionError)]
    assert [r.field for r in refusals] == ["url"] * 3
    assert Submission.objects.count() == 1

"""Concurrent selections, awards and corrections, proven with parallel transactions."""

from collections import Counter
from datetime import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from submissions import selectors, services
from submissions.enums import Channel, SubmissionState
from submissions.errors import AlreadyReversedError, DuplicateAwardError, SubmissionError
from submissions.models import PointEntry, Submission
from tests.factories.members import MemberFactory
from tests.factories.submissions import SubmissionFactory
from tests.parallel import run_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

EARLY = "2025-03-01T10:00+08:00"


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


# --- The leaderboards' summary and awards given again -------------------------------------


def summary_check() -> int:
    """Exit status of ``rebuild_points_summary --check`` (0: the summary matches the ledger)."""
    try:
        call_command("rebuild_points_summary", "--check", stdout=StringIO(), stderr=StringIO())
    except SystemExit as exit_:
        return exit_.code
    return 0


def live_awards(source):
    return PointEntry.objects.filter(
        source_id=source.pk, reverses__isnull=True, reversal__isnull=True
    )


def test_concurrent_awards_and_corrections_keep_the_summary_exact(reviewer):
    ana, bo = MemberFactory(), MemberFactory()
    # Awards made earlier, in two months, to be corrected at once with new awards.
    earlier = [
        services.points_award(
            member=member,
            amount=amount,
            reason="Earlier",
            source=SubmissionFactory(author=member, selected=True),
            awarded_at=timezone.make_aware(datetime(2025, month, 15, 10)),
        )
        for member, amount, month in [(ana, 100, 3), (ana, 40, 4), (bo, 70, 3), (bo, 30, 4)]
    ]
    jobs = [
        lambda entry=entry: services.points_reverse(
            entry=entry, reason="Mistake", reversed_by=reviewer
        )
        for entry in earlier
    ]
    for index in range(12):
        member = (ana, bo)[index % 2]
        source = SubmissionFactory(author=member, selected=True)
        at = timezone.make_aware(datetime(2025, 3 + index % 3, 1 + index, 10))
        jobs.append(
            lambda member=member, source=source, at=at, index=index: services.points_award(
                member=member, amount=10 + index, reason="Now", source=source, awarded_at=at
            )
        )

    results = run_at_once(jobs)

    assert [r for r in results if isinstance(r, Exception)] == []
    assert summary_check() == 0
    for member in (ana, bo):
        amounts = list(PointEntry.objects.filter(member=member).values_list("amount", flat=True))
        assert selectors.points_balance(member=member) == sum(amounts)
    position = selectors.leaderboard_position(member=ana)
    assert position.points == sum(10 + index for index in range(0, 12, 2))


def test_concurrent_awards_after_a_correction_give_one_live_award(member, reviewer):
    source = SubmissionFactory(author=member, selected=True)
    first = services.points_award(member=member, amount=100, reason="Event", source=source)
    services.points_reverse(entry=first, reason="Wrong amount", reversed_by=reviewer)
    jobs = [
        lambda: services.points_award(member=member, amount=120, reason="Fixed", source=source)
        for _ in range(4)
    ]

    results = run_at_once(jobs)

    assert sum(isinstance(r, DuplicateAwardError) for r in results) == 3
    assert live_awards(source).count() == 1
    assert selectors.points_balance(member=member) == 120
    assert selectors.leaderboard_position(member=member).points == 120
    assert summary_check() == 0


def test_award_reverse_award_at_once_never_gives_two_live_awards(member, reviewer):
    sources = [SubmissionFactory(author=member, selected=True) for _ in range(3)]

    def correct_and_award_again(source):
        def run():
            for _ in range(3):
                live = live_awards(source).first()
                try:
                    if live is not None:
                        services.points_reverse(entry=live, reason="Redo", reversed_by=reviewer)
                    services.points_award(member=member, amount=50, reason="Redo", source=source)
                except (DuplicateAwardError, AlreadyReversedError):
                    pass

        return run

    for source in sources:
        services.points_award(member=member, amount=50, reason="First", source=source)
    results = run_at_once([correct_and_award_again(s) for s in sources for _ in range(3)])

    assert [r for r in results if isinstance(r, Exception)] == []
    for source in sources:
        assert live_awards(source).count() <= 1
    # Whatever interleaving happened: no source is left with two live awards, the
    # balance is the sum of the entries and the boards agree with the ledger.
    amounts = PointEntry.objects.filter(member=member).values_list("amount", flat=True)
    assert selectors.points_balance(member=member) == sum(amounts)
    assert selectors.points_balance(member=member) == 50 * sum(
        live_awards(source).count() for source in sources
    )
    assert summary_check() == 0

"""Seed 004's campaign comes out exactly: the first matching rule, at the moment of
selection, with local dates in Asia/Shanghai, both ends included."""

from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine

from submissions import services
from submissions.enums import Channel, RewardRuleKind, SubmissionState
from submissions.errors import SubmissionError
from submissions.models import PointEntry, Submission
from tests.factories.submissions import RewardRuleFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

F, B, P, R = Channel.FORUM_POST, Channel.BLOG_POST, Channel.PULL_REQUEST, Channel.BUG_REPORT


def select_at(when: str, submission, reviewer, amount=None):
    with time_machine.travel(datetime.fromisoformat(when), tick=False):
        services.submission_select(submission=submission, reviewer=reviewer, amount=amount)
    entry = PointEntry.objects.filter(source_id=submission.pk, reverses__isnull=True).first()
    return entry.amount if entry else 0


# already selected (channels), channel selected now, when (ISO), reviewer's amount, points
SEED_TABLE = [
    # Angel round: the first five content submissions, whatever the date.
    ([], B, "2025-01-15T10:00+08:00", None, 1000),
    ([F, B, P], F, "2025-03-31T23:30+08:00", None, 1000),
    ([F, B, P, F], P, "2025-05-20T09:00+08:00", None, 1000),
    # Bug reports neither take nor need angel places.
    ([R, R, R, R, R], B, "2025-05-20T09:00+08:00", None, 1000),
    ([F, F, F, F, R], F, "2025-06-01T09:00+08:00", None, 1000),
    # Early bird: selected on or before 2025-03-31 (local) -> 200 x 2.5.
    ([F, B, P, F, B], B, "2025-01-06T00:00+08:00", None, 500),
    ([F, B, P, F, B], F, "2025-02-14T12:00+08:00", None, 500),
    ([F, B, P, F, B], P, "2025-03-31T00:00+08:00", None, 500),
    ([F, B, P, F, B], B, "2025-03-31T23:30+08:00", None, 500),
    ([F, B, P, F, B], B, "2025-03-31T23:59:59+08:00", None, 500),
    ([F, B, P, F, B], B, "2025-03-31T15:59:59Z", None, 500),  # 23:59:59 in Shanghai
    ([F, B, P, F, B, F, F], B, "2025-03-31T12:00+08:00", None, 500),
    # 2025-04-01 to 2025-06-30 (local) -> 200.
    ([F, B, P, F, B], B, "2025-03-31T16:30Z", None, 200),  # already 00:30 on April 1st
    ([F, B, P, F, B], B, "2025-04-01T00:00+08:00", None, 200),
    ([F, B, P, F, B], F, "2025-05-15T18:00+08:00", None, 200),
    ([F, B, P, F, B], P, "2025-06-30T00:00+08:00", None, 200),
    ([F, B, P, F, B], F, "2025-06-30T23:59+08:00", None, 200),
    ([F, B, P, F, B], F, "2025-06-30T15:59Z", None, 200),  # 23:59 in Shanghai
    # After 2025-06-30 (local) no rule matches: selected without points.
    ([F, B, P, F, B], F, "2025-06-30T16:00Z", None, 0),  # midnight, July 1st
    ([F, B, P, F, B], B, "2025-07-01T00:00+08:00", None, 0),
    ([F, B, P, F, B], B, "2025-12-31T12:00+08:00", None, 0),
    # Bug reports: the reviewer's value within the bounds, at any date.
    ([], R, "2025-02-01T10:00+08:00", 150, 150),
    ([F, B, P, F, B], R, "2025-03-31T23:30+08:00", 10, 10),
    ([F, B, P, F, B], R, "2025-06-30T16:00Z", 300, 300),
]


@pytest.mark.parametrize(("already", "channel", "when", "amount", "points"), SEED_TABLE)
def test_seed_campaign_awards_by_the_first_matching_rule(
    seed_campaign, reviewer, already, channel, when, amount, points
):
    for earlier in already:
        SubmissionFactory(campaign=seed_campaign, channel=earlier, selected=True)
    submission = SubmissionFactory(campaign=seed_campaign, channel=channel)

    awarded = select_at(when, submission, reviewer, amount=amount)

    assert awarded == points
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SELECTED


def test_sixth_early_selection_gets_the_early_bird_points(seed_campaign, reviewer):
    submissions = SubmissionFactory.create_batch(7, campaign=seed_campaign, channel=F)
    days = ["01-10", "01-20", "02-01", "02-15", "03-01", "03-31", "04-01"]

    awarded = [
        select_at(f"2025-{day}T21:00+08:00", submission, reviewer)
        for submission, day in zip(submissions, days, strict=True)
    ]

    assert awarded == [1000, 1000, 1000, 1000, 1000, 500, 200]
    assert sum(awarded) == 5700


def test_rule_of_the_award_is_recorded_on_the_submission_and_the_ledger(seed_campaign, reviewer):
    submission = SubmissionFactory(campaign=seed_campaign, channel=F)

    select_at("2025-02-01T10:00+08:00", submission, reviewer)

    submission.refresh_from_db()
    entry = PointEntry.objects.get(source_id=submission.pk)
    assert submission.reward_rule.name == "Angel round"
    assert entry.reason == "Angel round"
    assert entry.awarded_by == reviewer
    assert entry.member == submission.author
    assert submission.transitions.last().points == 1000


def test_no_matching_rule_selects_without_a_ledger_entry(seed_campaign, reviewer):
    for _ in range(5):
        SubmissionFactory(campaign=seed_campaign, selected=True)
    submission = SubmissionFactory(campaign=seed_campaign)

    select_at("2025-07-01T09:00+08:00", submission, reviewer)

    submission.refresh_from_db()
    assert submission.state == SubmissionState.SELECTED
    assert submission.reward_rule is None
    assert PointEntry.objects.filter(source_id=submission.pk).count() == 0


@pytest.mark.parametrize("amount", [None, 9, 301, 0, -5])
def test_bug_report_needs_an_amount_within_the_bounds(seed_campaign, reviewer, amount):
    submission = SubmissionFactory(campaign=seed_campaign, channel=R)

    with pytest.raises(SubmissionError) as refused:
        select_at("2025-02-01T10:00+08:00", submission, reviewer, amount=amount)

    assert refused.value.field == "amount"
    assert "from 10 to 300 points" in refused.value.message
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED
    assert PointEntry.objects.count() == 0


def test_amount_is_ignored_for_a_fixed_rule(seed_campaign, reviewer):
    submission = SubmissionFactory(campaign=seed_campaign, channel=B)

    awarded = select_at("2025-02-01T10:00+08:00", submission, reviewer, amount=7)

    assert awarded == 1000


def test_rules_are_tried_in_their_order(campaign, reviewer):
    RewardRuleFactory(
        campaign=campaign, position=2, kind=RewardRuleKind.FIRST_SELECTED, limit=5, points=1000
    )
    RewardRuleFactory(
        campaign=campaign,
        position=1,
        kind=RewardRuleKind.DATE_RANGE,
        limit=None,
        points=300,
        starts_on=date(2025, 1, 1),
    )
    submission = SubmissionFactory(campaign=campaign)

    assert select_at("2025-02-01T10:00+08:00", submission, reviewer) == 300


def test_first_n_counts_only_the_rules_channels(campaign, reviewer):
    RewardRuleFactory(campaign=campaign, channels=[P], limit=1, points=800)
    SubmissionFactory(campaign=campaign, channel=B, selected=True)
    SubmissionFactory(campaign=SubmissionFactory().campaign, channel=P, selected=True)
    pull_request = SubmissionFactory(campaign=campaign, channel=P)
    second = SubmissionFactory(campaign=campaign, channel=P)

    assert select_at("2025-02-01T10:00+08:00", pull_request, reviewer) == 800
    assert select_at("2025-02-02T10:00+08:00", second, reviewer) == 0


@pytest.mark.parametrize(
    ("base", "multiplier", "points"),
    [(200, "2.5", 500), (200, "1", 200), (101, "1.5", 152), (3, "0.5", 2), (99, "0.01", 1)],
)
def test_date_rule_multiplies_the_base_and_rounds_half_up(
    campaign, reviewer, base, multiplier, points
):
    RewardRuleFactory(
        campaign=campaign,
        kind=RewardRuleKind.DATE_RANGE,
        limit=None,
        points=base,
        multiplier=Decimal(multiplier),
        ends_on=date(2025, 12, 31),
    )
    submission = SubmissionFactory(campaign=campaign)

    assert select_at("2025-02-01T10:00+08:00", submission, reviewer) == points


def test_a_withdrawn_or_rejected_submission_takes_no_angel_place(seed_campaign, reviewer):
    SubmissionFactory.create_batch(3, campaign=seed_campaign, state=SubmissionState.REJECTED)
    SubmissionFactory.create_batch(2, campaign=seed_campaign, state=SubmissionState.WITHDRAWN)
    submission = SubmissionFactory(campaign=seed_campaign)

    assert select_at("2025-06-01T10:00+08:00", submission, reviewer) == 1000
    assert Submission.objects.filter(state=SubmissionState.SELECTED).count() == 1

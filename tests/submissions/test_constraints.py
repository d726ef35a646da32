"""The database itself refuses rows that break the app's rules."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from submissions.enums import Channel, RewardRuleKind, SubmissionState
from submissions.models import PointEntry, RewardRule, Submission
from tests.factories.submissions import CampaignFactory, RewardRuleFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


# --- Campaigns and rules ------------------------------------------------------------------


def test_campaign_cannot_close_before_it_opens():
    refused(lambda: CampaignFactory(opens_on=date(2025, 6, 1), closes_on=date(2025, 5, 31)))


def test_campaign_may_open_and_close_on_the_same_day():
    campaign = CampaignFactory(opens_on=date(2025, 6, 1), closes_on=date(2025, 6, 1))

    assert campaign.is_open_on(date(2025, 6, 1))
    assert not campaign.is_open_on(date(2025, 6, 2))


@pytest.mark.parametrize("slug", ["leaderboard", "points", "mine", "submissions"])
def test_campaign_cannot_take_the_address_of_another_page(slug):
    refused(lambda: CampaignFactory(slug=slug))


def test_campaign_slug_is_unique():
    CampaignFactory(slug="tutorial")

    refused(lambda: CampaignFactory(slug="tutorial"))


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": RewardRuleKind.FIRST_SELECTED, "limit": None, "points": 1000},
        {"kind": RewardRuleKind.FIRST_SELECTED, "limit": 0, "points": 1000},
        {"kind": RewardRuleKind.FIRST_SELECTED, "limit": 5, "points": None},
        {"kind": RewardRuleKind.DATE_RANGE, "limit": None, "points": 200},  # no dates
        {"kind": RewardRuleKind.DATE_RANGE, "points": None, "ends_on": date(2025, 3, 31)},
        {"kind": RewardRuleKind.REVIEWER_VALUED, "min_points": None, "max_points": 100},
        {"kind": RewardRuleKind.REVIEWER_VALUED, "min_points": 0, "max_points": 100},
        {"kind": RewardRuleKind.REVIEWER_VALUED, "min_points": 50, "max_points": 10},
        {"kind": "lottery"},
    ],
)
def test_rule_without_what_its_kind_needs_is_refused(fields):
    refused(lambda: RewardRuleFactory(**fields))


def test_rule_dates_must_be_in_order():
    refused(
        lambda: RewardRuleFactory(
            kind=RewardRuleKind.DATE_RANGE,
            starts_on=date(2025, 7, 1),
            ends_on=date(2025, 6, 30),
        )
    )


def test_rule_multiplier_must_be_positive():
    refused(
        lambda: RewardRuleFactory(
            kind=RewardRuleKind.DATE_RANGE, ends_on=date(2025, 3, 31), multiplier=Decimal("0")
        )
    )


def test_rule_validation_names_the_missing_fields():
    rule = RewardRule(
        campaign=CampaignFactory(),
        name="Early bird",
        kind=RewardRuleKind.DATE_RANGE,
        channels=["blog_post", "fax"],
    )

    with pytest.raises(ValidationError) as invalid:
        rule.full_clean()

    errors = invalid.value.message_dict
    assert errors["points"] == ["This kind of rule needs a value here."]
    assert errors["ends_on"] == ["Give a start date, an end date or both."]
    assert errors["channels"] == ["Choose channels from the list."]


def test_campaign_validation_needs_a_channel():
    campaign = CampaignFactory.build(channels=[])

    with pytest.raises(ValidationError) as invalid:
        campaign.full_clean()

    assert invalid.value.message_dict["channels"] == ["Choose at least one channel."]


# --- Submissions --------------------------------------------------------------------------


def test_same_url_twice_in_one_campaign_is_refused(campaign):
    SubmissionFactory(campaign=campaign, url_key="https://ask.example.org/t/1")

    refused(lambda: SubmissionFactory(campaign=campaign, url_key="https://ask.example.org/t/1"))


def test_same_url_in_another_campaign_is_fine(campaign):
    SubmissionFactory(campaign=campaign, url_key="https://ask.example.org/t/1")

    SubmissionFactory(url_key="https://ask.example.org/t/1")

    assert Submission.objects.filter(url_key="https://ask.example.org/t/1").count() == 2


def test_withdrawn_submission_frees_its_url(campaign):
    SubmissionFactory(
        campaign=campaign, url_key="https://ask.example.org/t/1", state=SubmissionState.WITHDRAWN
    )

    SubmissionFactory(campaign=campaign, url_key="https://ask.example.org/t/1")

    assert Submission.objects.filter(campaign=campaign).count() == 2


def test_unknown_state_or_channel_is_refused():
    refused(lambda: SubmissionFactory(state="accepted"))
    refused(lambda: SubmissionFactory(channel="tweet"))


def test_selected_submission_needs_its_selection_time():
    refused(lambda: SubmissionFactory(state=SubmissionState.SELECTED, selected_at=None))
    refused(lambda: SubmissionFactory(selected_at=timezone.now()))


def test_only_a_selected_submission_has_a_reward_rule():
    rule = RewardRuleFactory()

    refused(lambda: SubmissionFactory(campaign=rule.campaign, reward_rule=rule))


# --- The ledger ---------------------------------------------------------------------------


def entry(**fields):
    source = fields.pop("source", None) or SubmissionFactory()
    defaults = {
        "member": source.author,
        "amount": 100,
        "reason": "Angel round",
        "source_type": ContentType.objects.get_for_model(source),
        "source_id": source.pk,
    }
    return PointEntry.objects.create(**{**defaults, **fields})


def test_ledger_refuses_an_entry_of_zero_points():
    refused(lambda: entry(amount=0))


def test_ledger_refuses_an_entry_without_a_reason():
    refused(lambda: entry(reason=""))


def test_ledger_refuses_a_second_award_for_one_source():
    first = entry()

    refused(lambda: entry(source=first.source))


def test_ledger_takes_a_reversal_for_the_same_source():
    first = entry()

    reversal = entry(source=first.source, amount=-100, reverses=first)

    assert reversal.pk is not None


def test_ledger_refuses_a_second_reversal_of_one_entry():
    first = entry()
    entry(source=first.source, amount=-100, reverses=first)

    refused(lambda: entry(source=first.source, amount=-100, reverses=first))


def test_ledger_takes_one_award_after_a_reversal():
    first = entry()
    reversal = entry(source=first.source, amount=-100, reverses=first)

    again = entry(source=first.source, after_reversal=reversal)

    assert again.pk is not None


def test_ledger_refuses_two_awards_after_one_reversal():
    first = entry()
    reversal = entry(source=first.source, amount=-100, reverses=first)
    entry(source=first.source, after_reversal=reversal)

    refused(lambda: entry(source=first.source, after_reversal=reversal))


def test_ledger_refuses_an_entry_that_is_both_a_correction_and_an_award():
    first = entry()
    reversal = entry(source=first.source, amount=-100, reverses=first)
    again = entry(source=first.source, after_reversal=reversal)

    refused(
        lambda: entry(source=first.source, amount=-100, reverses=again, after_reversal=reversal)
    )


def test_channel_labels_follow_the_choices():
    campaign = CampaignFactory.build(channels=[Channel.BUG_REPORT, Channel.FORUM_POST])

    assert campaign.channel_labels == ["Tutorial bug report", "Forum post"]

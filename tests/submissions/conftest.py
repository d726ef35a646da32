"""Fixtures of the submissions tests: campaigns, the seed 004 campaign, awards."""

from datetime import date
from decimal import Decimal

import pytest

from submissions import services
from submissions.enums import Channel, RewardRuleKind
from tests.factories.submissions import CampaignFactory, RewardRuleFactory, SubmissionFactory

CONTENT = [Channel.FORUM_POST, Channel.BLOG_POST, Channel.PULL_REQUEST]


@pytest.fixture
def campaign(db):
    return CampaignFactory()


@pytest.fixture
def seed_campaign(db):
    """Seed 004's campaign and its four rules, in the seed's order."""
    campaign = CampaignFactory(
        title="Co-write the advanced DBA tutorial",
        slug="advanced-dba-tutorial",
        opens_on=date(2025, 1, 6),
        closes_on=date(2025, 6, 30),
    )
    RewardRuleFactory(
        campaign=campaign,
        position=1,
        name="Angel round",
        kind=RewardRuleKind.FIRST_SELECTED,
        channels=CONTENT,
        limit=5,
        points=1000,
    )
    RewardRuleFactory(
        campaign=campaign,
        position=2,
        name="Early bird",
        kind=RewardRuleKind.DATE_RANGE,
        channels=CONTENT,
        ends_on=date(2025, 3, 31),
        limit=None,
        points=200,
        multiplier=Decimal("2.5"),
    )
    RewardRuleFactory(
        campaign=campaign,
        position=3,
        name="April to June",
        kind=RewardRuleKind.DATE_RANGE,
        channels=CONTENT,
        starts_on=date(2025, 4, 1),
        ends_on=date(2025, 6, 30),
        limit=None,
        points=200,
    )
    RewardRuleFactory(
        campaign=campaign,
        position=4,
        name="Bug hunting",
        kind=RewardRuleKind.REVIEWER_VALUED,
        channels=[Channel.BUG_REPORT],
        limit=None,
        points=None,
        min_points=10,
        max_points=300,
    )
    return campaign


@pytest.fixture
def award(reviewer):
    """Award points for a fresh selected submission of ``member``."""

    def award(member, amount=100, **kwargs):
        source = SubmissionFactory(author=member, selected=True)
        return services.points_award(
            member=member,
            amount=amount,
            reason=kwargs.pop("reason", "Angel round"),
            source=source,
            awarded_by=reviewer,
            **kwargs,
        )

    return award

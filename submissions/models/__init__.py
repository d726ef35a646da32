"""The models of the submissions app: campaigns, reward rules, submissions with
their review history (``campaigns``), and the append-only points ledger with the
leaderboards' summary rows (``ledger``).
"""

from submissions.models.campaigns import (
    RESERVED_SLUGS,
    Campaign,
    CampaignSubscription,
    RewardRule,
    Submission,
    SubmissionTransition,
)
from submissions.models.ledger import (
    ALL_TIME_START,
    NEVER_DELETED,
    NEVER_EDITED,
    POINTS_EARNED,
    PointEntry,
    PointEntryQuerySet,
    PointsTally,
    PointsTotal,
)

__all__ = [
    "ALL_TIME_START",
    "NEVER_DELETED",
    "NEVER_EDITED",
    "POINTS_EARNED",
    "RESERVED_SLUGS",
    "Campaign",
    "CampaignSubscription",
    "PointEntry",
    "PointEntryQuerySet",
    "PointsTally",
    "PointsTotal",
    "RewardRule",
    "Submission",
    "SubmissionTransition",
]

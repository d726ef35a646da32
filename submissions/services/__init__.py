"""Every write of the submissions app: one function per change, each in one transaction.

``reviews``: submitting, following a campaign and the review of a submission,
made with ``community_portal.core.workflow.change_state`` (a reviewer never
decides their own submission). ``ledger``: the points ledger's public interface,
``points_award`` and ``points_reverse``. Every service is re-exported here.
"""

from submissions.services.ledger import (
    points_award,
    points_reverse,
)
from submissions.services.reviews import (
    campaign_subscribe,
    campaign_unsubscribe,
    reward_points,
    submission_create,
    submission_reject,
    submission_request_changes,
    submission_resubmit,
    submission_select,
    submission_withdraw,
)

__all__ = [
    "campaign_subscribe",
    "campaign_unsubscribe",
    "points_award",
    "points_reverse",
    "reward_points",
    "submission_create",
    "submission_reject",
    "submission_request_changes",
    "submission_resubmit",
    "submission_select",
    "submission_withdraw",
]

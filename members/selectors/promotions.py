"""Suggested promotions: members whose measured progress meets the next tier, who have not asked.

A member qualifies for tier T when T is the next tier up from theirs (members
without a tier start at the lowest, which is never suggested), T has at
least one threshold, every threshold's measure can be tallied (``tally`` in
``members.progress``) and the member's all-time value meets each minimum. They
are suggested while they have no request waiting and none for T declined (a
reviewer already judged that one; the member may still ask). The list is one
query whatever its length, plus one query per threshold for a page's evidence.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from members import progress
from members.enums import TierRequestState
from members.models import Tier, TierRequest, User
from members.selectors.tiers import ThresholdProgress


@dataclass(frozen=True)
class Suggestion:
    member: User
    tier: Tier
    evidence: list[ThresholdProgress]


def suggestable_tiers() -> list[Tier]:
    """The tiers the portal can suggest: above the lowest, with thresholds all tallied."""
    tiers = list(Tier.objects.prefetch_related("thresholds").order_by("rank"))
    suggestable = []
    for previous, tier in zip([None, *tiers], tiers, strict=False):
        thresholds = list(tier.thresholds.all())
        measurable = thresholds and all(_tally_of(row.measure) for row in thresholds)
        if previous is not None and measurable:
            # The tier one below: whose holders it is suggested for.
            tier.previous = previous
            suggestable.append(tier)
    return suggestable


def _tally_of(key: str):
    measure = progress.get_measure(key)
    return measure.tally if measure else None


def members_qualifying_for(tier: Tier) -> QuerySet[User]:
    """Active members one tier below ``tier`` who meet its thresholds and have not asked.

    ``tier`` comes from :func:`suggestable_tiers` (thresholds prefetched, ``previous`` set).
    """
    members = User.objects.filter(is_active=True, tier=tier.previous)
    for threshold in tier.thresholds.all():
        met = _tally_of(threshold.measure)().filter(value__gte=threshold.minimum)
        members = members.filter(pk__in=met.values("member_pk"))
    asked = TierRequest.objects.filter(member=OuterRef("pk")).filter(
        state=TierRequestState.PENDING
    ) | TierRequest.objects.filter(
        member=OuterRef("pk"), to_tier=tier, state=TierRequestState.DECLINED
    )
    return members.exclude(Exists(asked)).order_by("pk")


def suggestion_evidence(tier: Tier, members: list[User]) -> dict[int, list[ThresholdProgress]]:
    """Each member's value for each threshold of ``tier``: one query per threshold."""
    ids = [member.pk for member in members]
    evidence: dict[int, list[ThresholdProgress]] = {pk: [] for pk in ids}
    for threshold in sorted(tier.thresholds.all(), key=lambda row: row.measure):
        values = {
            row["member_pk"]: row["value"]
            for row in _tally_of(threshold.measure)().filter(member_pk__in=ids)
        }
        for pk in ids:
            evidence[pk].append(
                ThresholdProgress(
                    measure=threshold.measure,
                    label=threshold.measure_label,
                    minimum=threshold.minimum,
                    value=values.get(pk, 0),
                )
            )
    return evidence

"""Reads about tiers: the ladder, a member's progress towards the next tier, history.

Progress is counted with the measures the other apps register in
``members.progress``: this module never imports those apps. A threshold whose
measure is not registered (its app is not installed) is shown as "not measured
by the portal" and left to the reviewers; it is never counted as met.
"""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from community_portal.core.page_cache import cached_result
from community_portal.core.review_times import DecisionKind, ReviewWait, review_wait
from members import progress
from members.enums import TierRequestState
from members.models import Tier, TierChange, TierRequest, TierRequestStep, TierThreshold, User


@dataclass(frozen=True)
class ThresholdProgress:
    measure: str
    label: object
    minimum: int
    value: int | None  # None: the portal does not measure this

    @property
    def is_measured(self) -> bool:
        return self.value is not None

    @property
    def is_met(self) -> bool:
        return self.value is not None and self.value >= self.minimum

    @property
    def missing(self) -> int:
        return max(self.minimum - (self.value or 0), 0)

    @property
    def percent(self) -> int:
        if self.value is None:
            return 0
        return min(100, self.value * 100 // self.minimum)


@dataclass(frozen=True)
class TierProgress:
    current: Tier | None
    next: Tier | None
    thresholds: list[ThresholdProgress]

    @property
    def measured_all_met(self) -> bool:
        """The portal measures something, and every threshold it measures is met (the
        others are the reviewers')."""
        measured = [row for row in self.thresholds if row.is_measured]
        return bool(measured) and all(row.is_met for row in measured)

    @property
    def has_unmeasured(self) -> bool:
        return any(not row.is_measured for row in self.thresholds)


TIERS_TAG = "tiers"  # bumped by every change of a tier or a threshold (members.apps)


def tier_ladder() -> list[Tier]:
    """Every tier, lowest first, with its thresholds.

    The same for every member and rarely changed: kept in the cache until a tier or
    a threshold changes, so a member's tier page does not read it each time.
    """
    return cached_result(
        "members:tier-ladder",
        (TIERS_TAG,),
        lambda: list(
            Tier.objects.prefetch_related(
                Prefetch("thresholds", queryset=TierThreshold.objects.order_by("measure"))
            )
        ),
    )


def next_tier_for(current: Tier | None) -> Tier | None:
    tiers = Tier.objects.order_by("rank")
    if current is not None:
        tiers = tiers.filter(rank__gt=current.rank)
    return tiers.first()


def tier_progress(member: User, *, ladder: list[Tier] | None = None) -> TierProgress:
    """What the next tier needs and how far ``member`` is.

    With ``ladder`` (``tier_ladder()``), the tiers and thresholds come from it, not
    from the database.
    """
    if ladder is None:
        current = member.tier
        upcoming = next_tier_for(current)
    else:
        current = next((tier for tier in ladder if tier.pk == member.tier_id), None)
        upcoming = next(
            (tier for tier in ladder if current is None or tier.rank > current.rank), None
        )
    if upcoming is None:
        return TierProgress(current=current, next=None, thresholds=[])
    return TierProgress(
        current=current, next=upcoming, thresholds=measure_thresholds(member, upcoming)
    )


def measure_thresholds(member: User, tier: Tier) -> list[ThresholdProgress]:
    """Each threshold of ``tier``, needed against what the portal measures for ``member``.

    Reads ``tier.thresholds.all()``, so a list that prefetches them costs only the
    measures' own queries.
    """
    thresholds = sorted(tier.thresholds.all(), key=lambda row: row.measure)
    values = progress.measure_member(member, keys=[row.measure for row in thresholds])
    return [
        ThresholdProgress(
            measure=row.measure,
            label=row.measure_label,
            minimum=row.minimum,
            value=values.get(row.measure),
        )
        for row in thresholds
    ]


def thresholds_below(rows: list[ThresholdProgress]) -> list[ThresholdProgress]:
    """The thresholds the portal measures and the member does not meet.

    Unmeasured ones are left to the reviewers' judgement, so they are not listed.
    """
    return [row for row in rows if row.is_measured and not row.is_met]


def snapshot_thresholds(rows: list[ThresholdProgress]) -> list[dict]:
    """The evidence as stored with a decision (``TierRequest.measured_at_decision``)."""
    return [{"measure": row.measure, "minimum": row.minimum, "value": row.value} for row in rows]


def tier_request_evidence(request: TierRequest) -> list[ThresholdProgress]:
    """The thresholds of the tier asked for against the member's progress.

    While the request waits, measured now; once decided, as the decider saw them.
    A request decided before the evidence was kept has none (an empty list).
    """
    if request.state == TierRequestState.PENDING:
        return measure_thresholds(request.member, request.to_tier)
    return [
        ThresholdProgress(
            measure=row["measure"],
            label=progress.measure_label(row["measure"]),
            minimum=row["minimum"],
            value=row["value"],
        )
        for row in request.measured_at_decision or []
    ]


def tier_requests_for_review() -> QuerySet[TierRequest]:
    """Tier requests with what showing their evidence needs (the thresholds prefetched)."""
    return TierRequest.objects.select_related(
        "member", "from_tier", "to_tier", "decided_by"
    ).prefetch_related(
        Prefetch("to_tier__thresholds", queryset=TierThreshold.objects.order_by("measure"))
    )


def member_tier_requests(member: User) -> QuerySet[TierRequest]:
    return TierRequest.objects.filter(member=member).select_related(
        "from_tier", "to_tier", "decided_by"
    )


def member_pending_tier_request(member: User) -> TierRequest | None:
    return member_tier_requests(member).filter(state=TierRequestState.PENDING).first()


def member_tier_history(member: User) -> QuerySet[TierChange]:
    return TierChange.objects.filter(member=member).select_related(
        "from_tier", "to_tier", "decided_by"
    )


# How long tier requests wait for their decision (the member's "waiting since" sentence).
TIER_REQUEST_DECISIONS = DecisionKind(
    name="members.tier_requests",
    history=TierRequestStep,
    request_field="request",
    waiting_since_field="created_at",
    decided_states=(TierRequestState.APPROVED, TierRequestState.DECLINED),
)


def tier_request_wait(tier_request: TierRequest | None) -> ReviewWait | None:
    if tier_request is None or tier_request.state != TierRequestState.PENDING:
        return None
    return review_wait(TIER_REQUEST_DECISIONS, waiting_since=tier_request.created_at)

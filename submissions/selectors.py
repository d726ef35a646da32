"""Reads of the submissions app, among them the points ledger's public interface.

Other apps read a member's points and recent activity only through
``points_balance``, ``points_history``, ``points_earned_since``,
``selected_submissions_count`` and ``member_was_active_since``.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery, Sum, Window
from django.db.models.functions import Coalesce, Rank
from django.utils import timezone

from submissions.enums import RewardRuleKind, SubmissionState
from submissions.models import (
    Campaign,
    CampaignSubscription,
    PointEntry,
    RewardRule,
    Submission,
    SubmissionTransition,
)

# --- Campaigns ----------------------------------------------------------------------------


def campaigns_for_viewer(*, user) -> QuerySet[Campaign]:
    """Published campaigns; reviewers also see drafts."""
    campaigns = Campaign.objects.all()
    if not (user.is_authenticated and user.is_reviewer):
        campaigns = campaigns.filter(is_published=True)
    return campaigns


def campaigns_open(*, today: date | None = None) -> QuerySet[Campaign]:
    """Published campaigns accepting submissions today (local date), closing soonest first."""
    today = today or timezone.localdate()
    return Campaign.objects.filter(
        is_published=True, opens_on__lte=today, closes_on__gte=today
    ).order_by("closes_on", "id")


def member_follows_campaign(*, member, campaign: Campaign) -> bool:
    """Whether ``member`` asked to be reminded before ``campaign`` ends."""
    return CampaignSubscription.objects.filter(campaign=campaign, member=member).exists()


def campaign_rules(*, campaign: Campaign) -> list[RewardRule]:
    """The campaign's reward rules in the order they are tried."""
    return list(RewardRule.objects.filter(campaign=campaign).order_by("position", "id"))


def selected_counts_by_channel(
    *, campaign: Campaign, exclude: Submission | None = None
) -> dict[str, int]:
    """How many submissions of each channel the campaign has selected so far."""
    selected = Submission.objects.filter(campaign=campaign, state=SubmissionState.SELECTED)
    if exclude is not None:
        selected = selected.exclude(pk=exclude.pk)
    return dict(
        selected.order_by()
        .values("channel")
        .annotate(count=Count("id"))
        .values_list("channel", "count")
    )


def _selected_in_scope(rule: RewardRule, counts: dict[str, int]) -> int:
    if not rule.channels:
        return sum(counts.values())
    return sum(counts.get(channel, 0) for channel in rule.channels)


@dataclass(frozen=True)
class RuleProgress:
    rule: RewardRule
    places_left: int | None  # only for "the first N selected" rules


def campaign_rules_with_progress(*, campaign: Campaign) -> list[RuleProgress]:
    """The rules, and for each "first N selected" rule how many places are left."""
    counts = selected_counts_by_channel(campaign=campaign)
    return [
        RuleProgress(
            rule=rule,
            places_left=max(rule.limit - _selected_in_scope(rule, counts), 0)
            if rule.kind == RewardRuleKind.FIRST_SELECTED
            else None,
        )
        for rule in campaign_rules(campaign=campaign)
    ]


def reward_rule_for_selection(*, submission: Submission, on: date) -> RewardRule | None:
    """The first rule that matches selecting ``submission`` on the local date ``on``.

    "The first N selected" counts the campaign's selected submissions in the
    rule's channels, this one left out. The selection service calls this with the
    campaign row locked, so concurrent selections count one after the other.
    """
    counts = selected_counts_by_channel(campaign=submission.campaign, exclude=submission)
    for rule in campaign_rules(campaign=submission.campaign):
        if not rule.applies_to_channel(submission.channel) or not rule.covers_date(on):
            continue
        if rule.kind == RewardRuleKind.FIRST_SELECTED and (
            _selected_in_scope(rule, counts) >= rule.limit
        ):
            continue
        return rule
    return None


# --- Submissions --------------------------------------------------------------------------


def _points_of_submission():
    """Net points recorded in the ledger for each submission (award minus correction)."""
    entries = (
        PointEntry.objects.filter(
            source_type__app_label=Submission._meta.app_label,
            source_type__model=Submission._meta.model_name,
            source_id=OuterRef("pk"),
        )
        .order_by()
        .values("source_id")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(entries), 0)


def member_submissions(*, member) -> QuerySet[Submission]:
    """All of a member's submissions, newest first, with their campaign and points."""
    return (
        Submission.objects.filter(author=member)
        .select_related("campaign")
        .annotate(points=_points_of_submission())
        .order_by("-submitted_at", "-id")
    )


def submission_for_viewer(*, pk: int, user) -> Submission | None:
    """The submission if ``user`` may see it: its author or a reviewer."""
    if not user.is_authenticated:
        return None
    submissions = Submission.objects.select_related("campaign", "author").annotate(
        points=_points_of_submission()
    )
    if not user.is_reviewer:
        submissions = submissions.filter(author=user)
    return submissions.filter(pk=pk).first()


def submission_history(*, submission: Submission) -> QuerySet[SubmissionTransition]:
    return submission.transitions.select_related("actor").order_by("created_at", "id")


@dataclass
class Acknowledgment:
    member: object
    submissions: list[Submission] = field(default_factory=list)


def campaign_acknowledgments(*, campaign: Campaign) -> list[Acknowledgment]:
    """Everyone whose content the campaign selected, in the order of their first selection."""
    selected = (
        Submission.objects.filter(campaign=campaign, state=SubmissionState.SELECTED)
        .select_related("author")
        # Only what the list prints: thousands of rows, not thousands of full profiles.
        .only("title", "url", "author__username", "author__display_name")
        .order_by("selected_at", "id")
    )
    people: dict[int, Acknowledgment] = {}
    for submission in selected:
        people.setdefault(submission.author_id, Acknowledgment(member=submission.author))
        people[submission.author_id].submissions.append(submission)
    return list(people.values())


# --- The points ledger --------------------------------------------------------------------


def points_balance(*, member) -> int:
    """The sum of all the member's ledger entries (corrections included)."""
    return PointEntry.objects.filter(member=member).aggregate(total=Coalesce(Sum("amount"), 0))[
        "total"
    ]


def points_history(*, member) -> QuerySet[PointEntry]:
    """The member's ledger entries, newest first, with their source and corrections."""
    return (
        PointEntry.objects.filter(member=member)
        .select_related("reverses", "reversal")
        .prefetch_related("source")
        .order_by("-created_at", "-id")
    )


def _earned(prefix: str = "") -> Q:
    """Entries that count as points earned: positive awards that were not reversed."""
    return Q(
        **{
            f"{prefix}amount__gt": 0,
            f"{prefix}reverses__isnull": True,
            f"{prefix}reversal__isnull": True,
        }
    )


def points_earned_since(*, member, since: datetime) -> int:
    """Points earned at or after ``since``: the sum of positive entries, leaving out
    awards that were reversed (a corrected mistake was never earned)."""
    return PointEntry.objects.filter(_earned(), member=member, created_at__gte=since).aggregate(
        total=Coalesce(Sum("amount"), 0)
    )["total"]


def member_selected_submissions(*, member) -> QuerySet[Submission]:
    """The member's selected submissions, newest selection first: public, like the
    campaigns' acknowledgments."""
    return (
        Submission.objects.filter(author=member, state=SubmissionState.SELECTED)
        .select_related("campaign")
        .order_by("-selected_at", "-id")
    )


def selected_submissions_count(*, member, since: datetime | None = None) -> int:
    """How many of the member's submissions were selected (at or after ``since``)."""
    selected = Submission.objects.filter(author=member, state=SubmissionState.SELECTED)
    if since is not None:
        selected = selected.filter(selected_at__gte=since)
    return selected.count()


def member_was_active_since(*, member, since: datetime) -> bool:
    """True if the member had a submission selected, or earned points, at or after ``since``."""
    return (
        Submission.objects.filter(
            author=member, state=SubmissionState.SELECTED, selected_at__gte=since
        ).exists()
        or PointEntry.objects.filter(_earned(), member=member, created_at__gte=since).exists()
    )


# --- Leaderboards -------------------------------------------------------------------------


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """The local month as [start, end): raises ValueError for an impossible month."""
    start = timezone.make_aware(datetime(year, month, 1))
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    return start, timezone.make_aware(datetime(*following, 1))


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The local year as [start, end): raises ValueError for an impossible year."""
    return timezone.make_aware(datetime(year, 1, 1)), timezone.make_aware(datetime(year + 1, 1, 1))


def _leaderboard_rows(since: datetime | None, until: datetime | None):
    earned = _earned("point_entries__")
    if since is not None:
        earned &= Q(point_entries__created_at__gte=since)
    if until is not None:
        earned &= Q(point_entries__created_at__lt=until)
    return (
        get_user_model()
        .objects.filter(earned)
        .annotate(points=Sum("point_entries__amount"), reached_at=Max("point_entries__created_at"))
    )


def leaderboard(*, since: datetime | None = None, until: datetime | None = None):
    """Members by points earned in [since, until), with their ``rank``.

    Members with equal points share a rank; among them, whoever reached the total
    first is listed first (then the older account), so the order never changes
    between two page loads.
    """
    return (
        _leaderboard_rows(since, until)
        .annotate(rank=Window(Rank(), order_by=F("points").desc()))
        .order_by("-points", "reached_at", "pk")
    )


@dataclass(frozen=True)
class LeaderboardPosition:
    rank: int
    points: int


def leaderboard_position(
    *, member, since: datetime | None = None, until: datetime | None = None
) -> LeaderboardPosition | None:
    """The member's rank and points in the period; None without points in it."""
    entries = PointEntry.objects.filter(_earned(), member=member)
    if since is not None:
        entries = entries.filter(created_at__gte=since)
    if until is not None:
        entries = entries.filter(created_at__lt=until)
    points = entries.aggregate(total=Sum("amount"))["total"]
    if not points:
        return None
    ahead = _leaderboard_rows(since, until).filter(points__gt=points).count()
    return LeaderboardPosition(rank=ahead + 1, points=points)


def submissions_for_review() -> QuerySet[Submission]:
    """Every submission with its campaign, author and net points (the admin's list)."""
    return Submission.objects.select_related("campaign", "author").annotate(
        points=_points_of_submission()
    )


def submission_points(*, submission: Submission) -> int:
    """Net points the ledger holds for one submission."""
    return PointEntry.objects.filter(
        source_type__app_label=Submission._meta.app_label,
        source_type__model=Submission._meta.model_name,
        source_id=submission.pk,
    ).aggregate(total=Coalesce(Sum("amount"), 0))["total"]

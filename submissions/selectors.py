"""Reads of the submissions app, among them the points ledger's public interface.

Other apps read a member's points and recent activity only through
``points_balance``, ``points_history``, ``points_earned_since``,
``selected_submissions_count`` and ``member_was_active_since``.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Count,
    DateField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils import timezone
from django.utils.functional import cached_property

from community_portal.core.review_times import DecisionKind, ReviewWait, review_wait
from submissions.enums import PointsPeriod, RewardRuleKind, SubmissionState
from submissions.models import (
    ALL_TIME_START,
    Campaign,
    CampaignSubscription,
    PointEntry,
    PointsTally,
    PointsTotal,
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
    # By the content type's id (cached by Django), so that the subquery is an
    # index lookup on (source_type, source_id) rather than a join over the ledger.
    entries = (
        PointEntry.objects.filter(
            source_type=ContentType.objects.get_for_model(Submission),
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


def points_earned(*, member) -> int:
    """Points earned, as the leaderboards count them: store redemptions and their
    refunds, and corrected awards, left out."""
    return (
        PointEntry.objects.earned()
        .filter(member=member)
        .aggregate(total=Coalesce(Sum("amount"), 0))["total"]
    )


def points_history(*, member) -> QuerySet[PointEntry]:
    """The member's ledger entries, newest first, with their source and corrections."""
    return (
        PointEntry.objects.filter(member=member)
        .select_related("reverses", "reversal")
        .prefetch_related("source")
        .order_by("-created_at", "-id")
    )


def points_earned_since(*, member, since: datetime) -> int:
    """Points earned at or after ``since``: the sum of positive entries, leaving out
    awards that were reversed (a corrected mistake was never earned)."""
    return (
        PointEntry.objects.earned()
        .filter(member=member, created_at__gte=since)
        .aggregate(total=Coalesce(Sum("amount"), 0))["total"]
    )


def points_balance_tally():
    """Every member's balance, as rows ``{"member_pk", "value"}`` (see ``members.progress``)."""
    return (
        PointEntry.objects.values(member_pk=F("member_id"))
        .annotate(value=Sum("amount"))
        .values("member_pk", "value")
    )


def selected_submissions_tally():
    """Every author's count of selected submissions, as rows ``{"member_pk", "value"}``."""
    return (
        Submission.objects.filter(state=SubmissionState.SELECTED)
        .values(member_pk=F("author_id"))
        .annotate(value=Count("id"))
        .values("member_pk", "value")
    )


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
        or PointEntry.objects.earned().filter(member=member, created_at__gte=since).exists()
    )


# --- Pictures: a member's points and contributions, a campaign's activity ----------------
# Each is one grouped query bounded by its member or campaign (the indexes
# pointentry_member_idx, submission_campaign_state_idx), however large the community.


def _local_day(field: str) -> TruncDate:
    return TruncDate(field, tzinfo=timezone.get_default_timezone())


def points_by_month(*, member) -> dict[date, int]:
    """How the member's balance changed in each local month (every ledger entry,
    store redemptions and corrections included), by the month's first day."""
    rows = (
        PointEntry.objects.filter(member=member)
        .annotate(
            month=TruncMonth(
                "created_at", output_field=DateField(), tzinfo=timezone.get_default_timezone()
            )
        )
        .values("month")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {row["month"]: row["total"] for row in rows}


def contributions_by_day(*, member, since: date) -> dict[date, int]:
    """How many contributions earned the member points on each local day from
    ``since``: the awards the leaderboards count (a corrected award never happened)."""
    zone = timezone.get_default_timezone()
    start = timezone.make_aware(datetime(since.year, since.month, since.day), zone)
    rows = (
        PointEntry.objects.earned()
        .filter(member=member, created_at__gte=start)
        .annotate(day=_local_day("created_at"))
        .values("day")
        .annotate(count=Count("id"))
        .order_by()
    )
    return {row["day"]: row["count"] for row in rows}


@dataclass(frozen=True)
class CampaignActivity:
    # By local day: submissions sent (their first sending) and submissions selected.
    submitted: dict[date, int]
    selected: dict[date, int]


def campaign_activity(*, campaign: Campaign) -> CampaignActivity:
    """The campaign's submissions and selections by local day: one query, the two
    grouped counts joined by UNION ALL."""
    submissions = Submission.objects.filter(campaign=campaign)

    def by_day(queryset, field: str, kind: str):
        return (
            queryset.annotate(day=_local_day(field), kind=Value(kind))
            .values("kind", "day")
            .annotate(count=Count("id"))
            .values_list("kind", "day", "count")
            .order_by()
        )

    sent = by_day(submissions, "created_at", "submitted")
    chosen = by_day(
        submissions.filter(state=SubmissionState.SELECTED, selected_at__isnull=False),
        "selected_at",
        "selected",
    )
    counts = {"submitted": {}, "selected": {}}
    for kind, day, count in sent.union(chosen, all=True):
        counts[kind][day] = count
    return CampaignActivity(**counts)


# --- Leaderboards -------------------------------------------------------------------------


@dataclass(frozen=True)
class LeaderboardRow:
    rank: int
    member: object
    points: int


@dataclass(frozen=True)
class LeaderboardPosition:
    rank: int
    points: int


class Leaderboard:
    """One period's board, read from the summary rows (``PointsTotal``).

    Members by points earned, with their ``rank``: members with equal points share
    a rank; among them, whoever reached the total first is listed first (then the
    older account), so the order never changes between two page loads. A page is
    a range of the board's index; the board's size and a rank are sums over the
    period's tallies, however many members there are. Sliced by ``Paginator``.
    """

    ordered = True

    def __init__(self, *, period: str, start: date, viewer=None):
        self.period, self.start = period, start
        self.viewer = viewer if viewer is not None and viewer.is_authenticated else None

    def _totals(self) -> QuerySet[PointsTotal]:
        return PointsTotal.objects.filter(
            period=self.period, period_start=self.start, points__gt=0
        ).order_by("-points", "reached_at", "member_id")

    def _tallies(self) -> QuerySet[PointsTally]:
        return PointsTally.objects.filter(period=self.period, period_start=self.start)

    @cached_property
    def _viewer_points(self) -> int | None:
        if self.viewer is None:
            return None
        return self._totals().filter(member=self.viewer).values_list("points", flat=True).first()

    @cached_property
    def _sizes(self) -> dict:
        """The board's size and, for a viewer with points, how many are ahead: one query."""
        sums = {"size": Coalesce(Sum("members"), 0)}
        if self._viewer_points:
            sums["ahead"] = Coalesce(Sum("members", filter=Q(points__gt=self._viewer_points)), 0)
        return self._tallies().aggregate(**sums)

    def count(self) -> int:
        return self._sizes["size"]

    def __len__(self) -> int:
        return self.count()

    @property
    def position(self) -> LeaderboardPosition | None:
        """The viewer's rank and points; None without points in the period."""
        if not self._viewer_points:
            return None
        return LeaderboardPosition(rank=self._sizes["ahead"] + 1, points=self._viewer_points)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        # A deep page starts at the first score it shows: the index is read from there,
        # not counted through from the top (page 400 read 10,000 entries of it).
        ahead, totals = 0, self._totals()
        if start:
            cut = self._cut(start)
            if cut is None:
                return []
            score, ahead = cut
            totals = totals.filter(points__lte=score)
        # The page's members come from the index alone; only those rows join their member.
        page = totals.values("member_id")[start - ahead : None if stop is None else stop - ahead]
        rows = []
        for offset, total in enumerate(
            PointsTotal.objects.filter(
                period=self.period, period_start=self.start, member_id__in=page
            )
            .select_related("member")
            .order_by("-points", "reached_at", "member_id")
        ):
            # Members with equal points share the rank of the first of them; the page's
            # first row has the score the cut found, behind ``ahead`` members.
            if rows and rows[-1].points == total.points:
                rank = rows[-1].rank
            else:
                rank = start + offset + 1 if rows else ahead + 1
            rows.append(LeaderboardRow(rank=rank, member=total.member, points=total.points))
        return rows

    def _cut(self, start: int) -> tuple[int, int] | None:
        """The score of the board's ``start``-th member (from 0) and how many members
        have more points: one query over the period's tallies (one row per score)."""
        return (
            self._tallies()
            .filter(points__gt=0)
            .annotate(ahead=Window(Sum("members"), order_by=F("points").desc()) - F("members"))
            .filter(ahead__lte=start)
            .order_by("points")
            .values_list("points", "ahead")
            .first()
        )


def leaderboard_period(year: int | None = None, month: int | None = None) -> tuple[str, date]:
    """The board of a local month, a local year or all time, as (period, first day).

    Raises ValueError (or OverflowError) for an impossible month or year.
    """
    if month is not None:
        return PointsPeriod.MONTH, date(year, month, 1)
    if year is not None:
        return PointsPeriod.YEAR, date(year, 1, 1)
    return PointsPeriod.ALL_TIME, ALL_TIME_START


def leaderboard(*, year: int | None = None, month: int | None = None, viewer=None) -> Leaderboard:
    """The all-time board, or a local year's or month's; ``viewer`` gets a ``position``."""
    period, start = leaderboard_period(year, month)
    return Leaderboard(period=period, start=start, viewer=viewer)


def leaderboard_position(
    *, member, year: int | None = None, month: int | None = None
) -> LeaderboardPosition | None:
    """The member's rank and points in the period; None without points in it."""
    return leaderboard(year=year, month=month, viewer=member).position


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


# How long submissions wait for review (the author's "waiting since").
SUBMISSION_DECISIONS = DecisionKind(
    name="submissions.submissions",
    history=SubmissionTransition,
    request_field="submission",
    waiting_since_field="submitted_at",
    decided_states=(
        SubmissionState.SELECTED,
        SubmissionState.REJECTED,
        SubmissionState.CHANGES_REQUESTED,
    ),
)


def submission_wait(*, submission: Submission) -> ReviewWait | None:
    if submission.state != SubmissionState.SUBMITTED or submission.submitted_at is None:
        return None
    return review_wait(SUBMISSION_DECISIONS, waiting_since=submission.submitted_at)

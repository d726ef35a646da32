"""The community health measures: each over a period and the one before it.

Every measure is a fixed number of queries, whatever the period's length: counts
per day or month come from one grouped query (``TruncDate``/``TruncMonth``), the
current and previous periods from one query with conditional aggregation. Times
to respond and to decide come from the review history (the ``StateChange`` rows
of each kind), grouped by (waiting since, answered on) dates, and are counted in
working days with one calendar for them all.

Definitions (local dates of the community's time zone, both ends included):

- new members: accounts created in the period (with a station chosen: members
  who joined that station), from the members' days of joining (``MembersJoined``);
- a contributor is a member with a selected submission; new contributors had
  their first one selected in the period; active contributors had one selected
  in the period; inactive ones had one before the period but none in it;
- retention: of the contributors active in the previous period, the share active
  again within 90 days of this period's start;
- time to first response: from the request's submission to the first move a
  reviewer (or a group's owner) made; time to decision: to the final decision;
  each counted for the requests answered in the period, median and 90th
  percentile by nearest rank, in working days;
- review backlog: requests waiting for a reviewer today, by how long they waited;
- events held: not cancelled, started in the period (and before now);
  registrations: their seats (registered or checked in); attendance rate:
  check-ins over registrations;
- a station is active in a period when it held an event in it, dormant otherwise;
- certificates issued, expiring (last valid day in the period, not revoked),
  renewed (renewals recorded in the period);
- points: earned in each month the period touches, as the monthly leaderboard
  counts them (no corrections, nothing corrected).
"""

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils import timezone, translation

from community_portal.core.page_cache import cached_result
from community_portal.core.workdays import WorkingCalendar
from insight.models import Contributor, MembersJoined, ReviewDay, Selection
from insight.periods import Period
from insight.review_kinds import REVIEW_KINDS, ReviewKind
from members.enums import (
    CertificateEventKind,
)
from members.models import (
    Certificate,
    CertificateEvent,
    Tier,
    User,
)
from programs.enums import ApplicationState
from programs.models import Application
from stations.enums import (
    EventState,
    StationState,
)
from stations.models import Event, Membership, Station
from submissions.enums import PointsPeriod, SubmissionState
from submissions.models import PointEntry, PointsTally, Submission

RETENTION_DAYS = 90
# How many stations the attendance table lists (the most events first).
STATIONS_LISTED = 10
# Backlog ages, in working days: (upper bound inclusive, slug); the last is open-ended.
BACKLOG_AGES = ((7, "0-7"), (14, "8-14"), (30, "15-30"), (None, "31+"))
CACHE_TAGS = ("members", "certificates", "programs", "stations", "submissions")


@dataclass(frozen=True)
class Filters:
    station: int | None = None
    campaign: int | None = None
    program: int | None = None

    def key(self) -> str:
        return f"s{self.station or ''}c{self.campaign or ''}p{self.program or ''}"


# --- Helpers -------------------------------------------------------------------------------


def _local_date(value) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _bucket_expression(period: Period, field: str):
    return TruncDate(field) if period.daily else TruncMonth(field)


def _in(field: str, period: Period) -> Q:
    low, high = period.bounds()
    return Q(**{f"{field}__gte": low, f"{field}__lt": high})


def _either(field: str, period: Period) -> Q:
    """In the period or the one before: the rows a comparison reads (an index range)."""
    low, _ = period.previous.bounds()
    _, high = period.bounds()
    return Q(**{f"{field}__gte": low, f"{field}__lt": high})


def _on(field: str, period: Period) -> Q:
    return Q(**{f"{field}__range": (period.start, period.end)})


def _series(rows, period: Period, value: str = "n") -> dict:
    """Grouped rows (``bucket``, ``value``) as two aligned lists: this period, the one before."""
    found = defaultdict(int)
    for row in rows:
        found[_local_date(row["bucket"])] += row[value] or 0
    return {
        "current": [found[b] for b in period.buckets()],
        "previous": [found[b] for b in period.previous.buckets()],
    }


def ratio(part, whole) -> float | None:
    """``part / whole``, or None when there is nothing to divide by (shown as "—")."""
    if not whole:
        return None
    return part / whole


def nearest_rank(counts: dict[int, int], share: float) -> int | None:
    """The ``share`` percentile (0.5: the median) of values given with their counts."""
    total = sum(counts.values())
    if not total:
        return None
    rank = max(math.ceil(share * total), 1)
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if seen >= rank:
            return value
    return None


# --- People ----------------------------------------------------------------------------------


def _members(period: Period, filters: Filters, now: datetime) -> dict:
    previous = period.previous
    if not filters.station:
        # The whole community: one row per day (``MembersJoined``), both periods.
        days = MembersJoined.objects.filter(
            day__range=(previous.start, period.end), members__gt=0
        ).values_list("day", "members")
        found = defaultdict(int)
        totals = {"current": 0, "previous": 0}
        for day, n in days:
            if day >= period.start:
                totals["current"] += n
                found[period.bucket_of(day)] += n
            else:
                totals["previous"] += n
                found[previous.bucket_of(day)] += n
        series = {
            "current": [found[b] for b in period.buckets()],
            "previous": [found[b] for b in previous.buckets()],
        }
        return {**totals, "series": series}
    rows = Membership.objects.filter(station_id=filters.station)
    field = "joined_at"
    totals = rows.filter(_either(field, period)).aggregate(
        current=Count("pk", filter=_in(field, period)),
        previous=Count("pk", filter=_in(field, previous)),
    )
    grouped = (
        rows.filter(_either(field, period))
        .annotate(bucket=_bucket_expression(period, field))
        .values("bucket")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {**totals, "series": _series(grouped, period)}


def _contributors(period: Period, filters: Filters, now: datetime) -> dict:
    previous = period.previous
    before_previous = previous.previous
    # Each selection knows its author's previous one (``Selection``): a member is
    # active in a period when one of theirs falls in it with the previous one
    # before it, which is true of exactly one of them. So distinct members are
    # counted as rows, with no grouping by member.
    selections, earlier = Selection.objects.all(), "previous_day"
    if filters.campaign:
        selections, earlier = (
            selections.filter(campaign_id=filters.campaign),
            "previous_in_campaign",
        )

    def first_in(part: Period, bucket=None) -> Q:
        """A member's first selection in ``part`` (or in its part of ``bucket``)."""
        came_before = Q(**{f"{earlier}__isnull": True}) | Q(**{f"{earlier}__lt": part.start})
        if bucket is not None:
            came_before |= Q(**{f"{earlier}__lt": bucket})
        return _on("day", part) & came_before

    def back_in(window: Period, cohort: Period) -> Q:
        """A member's first selection in ``window`` with one in ``cohort``, just before it."""
        return _on("day", window) & Q(
            **{f"{earlier}__gte": cohort.start, f"{earlier}__lt": window.start}
        )

    def again(following: Period) -> Period:
        return Period(following.start, min(following.end, following.start + timedelta(89)))

    window, previous_window = again(period), again(previous)
    counted = selections.filter(day__range=(before_previous.start, period.end)).aggregate(
        active=Count("pk", filter=first_in(period)),
        active_previous=Count("pk", filter=first_in(previous)),
        cohort_previous=Count("pk", filter=first_in(before_previous)),
        retained=Count("pk", filter=back_in(window, previous)),
        retained_previous=Count("pk", filter=back_in(previous_window, before_previous)),
    )
    active = {"current": counted["active"], "previous": counted["active_previous"]}
    retention = {
        "cohort": counted["active_previous"],
        "retained": counted["retained"],
        "cohort_previous": counted["cohort_previous"],
        "retained_previous": counted["retained_previous"],
    }

    low, high = period.bounds()
    previous_low, _ = previous.bounds()
    if filters.campaign:
        # New: their first selection (in the campaign) falls in the period.
        firsts = (
            Submission.objects.filter(
                state=SubmissionState.SELECTED,
                selected_at__isnull=False,
                campaign_id=filters.campaign,
            )
            .values("author")
            .order_by()
            .annotate(first=Min("selected_at"))
        )
        field = "first"
    else:
        # The whole community's first selections are kept, one row per contributor.
        firsts = Contributor.objects.all()
        field = "first_selected_at"
    # Everyone whose first selection came before the period's end: the new ones, and
    # those who had one before (minus the active ones among them: the inactive).
    counted = firsts.filter(**{f"{field}__lt": high}).aggregate(
        current=Count(field, filter=_in(field, period)),
        previous=Count(field, filter=_in(field, previous)),
        before=Count(field, filter=Q(**{f"{field}__lt": low})),
        before_previous=Count(field, filter=Q(**{f"{field}__lt": previous_low})),
    )
    first = {"current": counted["current"], "previous": counted["previous"]}

    # Inactive: a selection before the period and none in it. The active contributors
    # who had one before are the active ones who are not new.
    inactive = {
        "current": counted["before"] - (active["current"] - first["current"]),
        "previous": counted["before_previous"] - (active["previous"] - first["previous"]),
    }

    # Per day or month: selections, and members (each one's first in the bucket, or
    # in the period for the first bucket when the period starts within a month).
    bucket = "day" if period.daily else "month"
    grouped = (
        selections.filter(_on("day", period))
        .values(bucket=F(bucket))
        .annotate(n=Count("pk"), authors=Count("pk", filter=first_in(period, bucket=F(bucket))))
        .order_by()
    )
    grouped = list(grouped)
    return {
        "new": first,
        "active": active,
        "inactive": inactive,
        "retention": {
            "current": ratio(retention["retained"], retention["cohort"]),
            "previous": ratio(retention["retained_previous"], retention["cohort_previous"]),
            **retention,
        },
        "selected_series": _series(grouped, period)["current"],
        "authors_series": _series(grouped, period, "authors")["current"],
    }


# --- Reviews ---------------------------------------------------------------------------------


def _kind_rows(kind: ReviewKind, filters: Filters):
    rows = kind.model._default_manager.filter(**{f"{kind.started}__isnull": False})
    value = getattr(filters, kind.scope_filter) if kind.scope_filter else None
    if value:
        rows = rows.filter(**{kind.scope_field: value})
    return rows


def _answered(period: Period, filters: Filters):
    """Every kind's requests answered in either period, by (kind, measure, waiting since,
    answered on): from the day counts (``ReviewDay``), one query for them all."""
    kinds = Q()
    for kind in REVIEW_KINDS:
        value = getattr(filters, kind.scope_filter) if kind.scope_filter else None
        kinds |= Q(kind=kind.slug, scope=value) if value else Q(kind=kind.slug)
    return (
        ReviewDay.objects.filter(kinds, answered_on__range=(period.previous.start, period.end))
        .values("kind", "measure", "since", "answered_on")
        .annotate(n=Sum("requests"))
        .filter(n__gt=0)
        .order_by()
    )


def _waiting(kind: ReviewKind, filters: Filters):
    """The kind's requests waiting today, by the day they started waiting."""
    return (
        _kind_rows(kind, filters)
        .filter(state__in=kind.open_states)
        .annotate(tag=Value(kind.slug, output_field=CharField()), since=TruncDate(kind.started))
        .values("tag", "since")
        .annotate(n=Count("*"))
        .order_by()
    )


def _times(pairs, period: Period, calendar: WorkingCalendar) -> dict:
    result = {}
    for name, part in (("current", period), ("previous", period.previous)):
        counts = defaultdict(int)
        for since, on, n in pairs:
            if part.start <= on <= part.end:
                counts[calendar.between(since, on)] += n
        result[name] = {
            "count": sum(counts.values()),
            "median": nearest_rank(counts, 0.5),
            "p90": nearest_rank(counts, 0.9),
        }
    return result


def _age_slug(days: int) -> str:
    for upper, slug in BACKLOG_AGES:
        if upper is None or days <= upper:
            return slug
    return BACKLOG_AGES[-1][1]


def _reviews(period: Period, filters: Filters, now: datetime) -> dict:
    today = timezone.localdate(now)
    fetched = {kind.slug: {"response": [], "decision": [], "waiting": []} for kind in REVIEW_KINDS}
    for row in _answered(period, filters):
        if row["kind"] in fetched:
            fetched[row["kind"]][row["measure"]].append(
                (row["since"], row["answered_on"], row["n"])
            )
    # Every kind's waiting requests in one query (UNION ALL of each's rows).
    parts = [_waiting(kind, filters) for kind in REVIEW_KINDS]
    for row in parts[0].union(*parts[1:], all=True):
        fetched[row["tag"]]["waiting"].append((_local_date(row["since"]), row["n"]))
    days = [
        day
        for found in fetched.values()
        for day in (
            [since for since, _on, _n in found["response"] + found["decision"]]
            + [since for since, _n in found["waiting"]]
        )
    ]
    last = max(today, period.end)
    calendar = WorkingCalendar(min(days, default=last), last)
    kinds = {}
    for slug, found in fetched.items():
        backlog = dict.fromkeys((age for _upper, age in BACKLOG_AGES), 0)
        for since, n in found["waiting"]:
            backlog[_age_slug(calendar.between(since, today))] += n
        kinds[slug] = {
            "response": _times(found["response"], period, calendar),
            "decision": _times(found["decision"], period, calendar),
            "backlog": backlog,
        }
    return kinds


# --- Stations and events ---------------------------------------------------------------------


def _events(period: Period, filters: Filters, now: datetime) -> dict:
    """Seats and check-ins come from each event's attendance row (``EventAttendance``),
    one per event, rather than from its registrations."""
    held = Event.objects.filter(state=EventState.SCHEDULED, starts_at__lt=now)
    if filters.station:
        held = held.filter(station_id=filters.station)

    def total(field: str):
        return Coalesce(Sum(f"attendance__{field}"), 0)

    # One row per local day of both periods: the totals and the chart's buckets from it.
    days = (
        held.filter(_either("starts_at", period))
        .annotate(day=TruncDate("starts_at"))
        .values("day")
        .annotate(events=Count("pk"), seats=total("seats"), checkins=total("checkins"))
        .order_by()
    )
    totals = dict.fromkeys(
        (
            "events",
            "events_previous",
            "registrations",
            "registrations_previous",
            "checkins",
            "checkins_previous",
        ),
        0,
    )
    seats_found, checkins_found = defaultdict(int), defaultdict(int)
    for row in days:
        day = _local_date(row["day"])
        suffix = "" if day >= period.start else "_previous"
        totals["events" + suffix] += row["events"]
        totals["registrations" + suffix] += row["seats"]
        totals["checkins" + suffix] += row["checkins"]
        if not suffix:
            seats_found[period.bucket_of(day)] += row["seats"]
            checkins_found[period.bucket_of(day)] += row["checkins"]
    in_period = held.filter(_in("starts_at", period))
    per_station = list(
        in_period.values("station_id")
        .annotate(events=Count("pk"), seats=total("seats"), checkins=total("checkins"))
        .order_by("-events", "-seats", "station_id")[:STATIONS_LISTED]
    )
    names = dict(
        (station.pk, station.name)
        for station in Station.objects.filter(pk__in=[row["station_id"] for row in per_station])
    )
    for row in per_station:
        row["name"] = names.get(row["station_id"], "")
        row["registrations"] = row.pop("seats")
        row["rate"] = ratio(row["checkins"], row["registrations"])
    return {
        **totals,
        "rate": ratio(totals["checkins"], totals["registrations"]),
        "rate_previous": ratio(totals["checkins_previous"], totals["registrations_previous"]),
        "registrations_series": [seats_found[b] for b in period.buckets()],
        "checkins_series": [checkins_found[b] for b in period.buckets()],
        "per_station": per_station,
    }


def _stations(period: Period, filters: Filters, now: datetime) -> dict:
    stations = Station.objects.exclude(state=StationState.PROPOSED)
    if filters.station:
        stations = stations.filter(pk=filters.station)

    def held_in(part: Period):
        return Exists(
            Event.objects.filter(
                station=OuterRef("pk"), state=EventState.SCHEDULED, starts_at__lt=now
            ).filter(_in("starts_at", part))
        )

    counts = stations.annotate(
        held=held_in(period), held_previous=held_in(period.previous)
    ).aggregate(
        total=Count("pk"),
        active=Count("pk", filter=Q(held=True)),
        active_previous=Count("pk", filter=Q(held_previous=True)),
        dormant_state=Count("pk", filter=Q(state=StationState.DORMANT)),
    )
    counts["dormant"] = counts["total"] - counts["active"]
    counts["dormant_previous"] = counts["total"] - counts["active_previous"]
    return counts


# --- Certificates, tiers, points, programs ---------------------------------------------------


def _certificates(period: Period, filters: Filters, now: datetime) -> dict:
    previous = period.previous
    counts = Certificate.objects.filter(
        Q(issued_on__range=(previous.start, period.end))
        | Q(expires_on__range=(previous.start, period.end))
    ).aggregate(
        issued=Count("pk", filter=_on("issued_on", period)),
        issued_previous=Count("pk", filter=_on("issued_on", previous)),
        expiring=Count("pk", filter=_on("expires_on", period) & Q(revoked_at__isnull=True)),
        expiring_previous=Count(
            "pk", filter=_on("expires_on", previous) & Q(revoked_at__isnull=True)
        ),
    )
    renewals = CertificateEvent.objects.filter(kind=CertificateEventKind.RENEWED)
    counts |= renewals.filter(_either("created_at", period)).aggregate(
        renewed=Count("pk", filter=_in("created_at", period)),
        renewed_previous=Count("pk", filter=_in("created_at", previous)),
    )
    return counts


def _tiers(period: Period, filters: Filters, now: datetime) -> dict:
    # Grouped by the tier's id, read from the index of active members' tiers alone.
    counts = dict(
        User.objects.filter(is_active=True)
        .values("tier_id")
        .annotate(n=Count("*"))
        .values_list("tier_id", "n")
        .order_by()
    )
    levels = dict(
        Tier.objects.filter(pk__in=[pk for pk in counts if pk]).values_list("pk", "level")
    )
    found = defaultdict(int)
    for pk, n in counts.items():
        found[levels.get(pk)] += n
    return dict(found)


def _points(period: Period, filters: Filters, now: datetime) -> dict:
    """Points earned in each month the period touches (as the monthly leaderboard counts).

    The whole community's months come from the leaderboards' tallies (a few rows a
    month, kept with every ledger entry); a campaign's from its ledger entries.
    """
    first = period.start.replace(day=1)
    months, current = [], first
    while current <= period.end:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    if filters.campaign:
        earned = PointEntry.objects.earned().filter(
            source_type__app_label="submissions",
            source_type__model="submission",
            source_id__in=Submission.objects.filter(campaign_id=filters.campaign).values("pk"),
        )
        rows = (
            earned.filter(_in("created_at", Period(first, period.end)))
            .annotate(month=TruncMonth("created_at"))
            .values("month")
            .annotate(total=Sum("amount"))
            .order_by()
        )
    else:
        rows = (
            PointsTally.objects.filter(
                period=PointsPeriod.MONTH, period_start__range=(first, period.end)
            )
            .values(month=F("period_start"))
            .annotate(total=Sum(F("points") * F("members")))
            .order_by()
        )
    totals = {_local_date(row["month"]): row["total"] for row in rows}
    return {"months": [(month, totals.get(month, 0)) for month in months]}


def _pipeline(period: Period, filters: Filters, now: datetime) -> dict:
    applications = Application.objects.exclude(state=ApplicationState.DRAFT)
    if filters.program:
        applications = applications.filter(program_id=filters.program)
    return {
        row["state"]: {"current": row["current"], "previous": row["previous"]}
        for row in applications.filter(_either("submitted_at", period))
        .values("state")
        .annotate(
            current=Count("pk", filter=_in("submitted_at", period)),
            previous=Count("pk", filter=_in("submitted_at", period.previous)),
        )
        .order_by()
    }


# --- The whole dashboard ----------------------------------------------------------------------


# Each part of the dashboard: (period, filters, now) -> numbers. The benchmark times
# them one by one (``bench.insight``); ``figures.CHART_PARTS`` says which chart reads which.
MEASURES: dict[str, Callable[[Period, Filters, datetime], dict]] = {
    "members": _members,
    "contributors": _contributors,
    "reviews": _reviews,
    "events": _events,
    "stations": _stations,
    "certificates": _certificates,
    "tiers": _tiers,
    "points": _points,
    "pipeline": _pipeline,
}


def community_health(period: Period, filters: Filters, *, now: datetime | None = None) -> dict:
    """Every measure of the dashboard (numbers and dates only; the page words them)."""
    now = now or timezone.now()
    return {name: measure(period, filters, now) for name, measure in MEASURES.items()}


def community_health_cached(period: Period, filters: Filters, compute: Callable | None = None):
    """``community_health``, kept until the content changes (keyed by period and filters)."""
    name = ":".join(
        [
            "insight",
            translation.get_language() or "",
            timezone.localdate().isoformat(),
            period.key(),
            filters.key(),
        ]
    )
    return cached_result(name, CACHE_TAGS, compute or (lambda: community_health(period, filters)))

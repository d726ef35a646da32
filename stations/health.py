"""Station health: quiet stations, dormancy proposals, and lead succession.

- A station is **quiet** when no event of it (held or planned, not cancelled) starts
  in the last 4 months or later, counted from its last event, or from its founding
  when it never had one. Its lead and deputies are told.
- Quiet for **6 months**, it is proposed to reviewers to be marked dormant (the
  station admin's "mark dormant" action). A dormant station comes back to active
  with its next event (``stations.services.events.event_create``).
- A lead **inactive for 6 months** by the founding rule (``members.progress``: a
  selected submission, points earned, an event attended or a program role), who
  has led that long, shows reviewers "succession suggested", with the deputies and
  committee members ranked by their activity over those months.

The occasion of a quiet station is its last event (a new event starts a new
one); that of a succession is the lead's tenure.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from members.progress import measures, member_was_active_since
from stations.enums import EventState, StationRole, StationState
from stations.models import Membership, Station

QUIET_MONTHS = 4
DORMANT_PROPOSAL_MONTHS = 6
LEAD_INACTIVE_MONTHS = 6


def with_last_event(stations: QuerySet[Station]) -> QuerySet[Station]:
    """Annotate ``last_event_at``: the start of the latest event not cancelled."""
    return stations.annotate(
        last_event_at=Max("events__starts_at", filter=~Q(events__state=EventState.CANCELLED))
    )


def quiet_since(station: Station) -> date:
    """The local date from which the station has been quiet (needs ``with_last_event``)."""
    if station.last_event_at is None:
        return station.founded_on
    return max(timezone.localdate(station.last_event_at), station.founded_on)


def quiet_stations(*, today: date, months: int = QUIET_MONTHS) -> list[Station]:
    """Active stations quiet for ``months`` on ``today`` (one query)."""
    cutoff = today - relativedelta(months=months)
    stations = with_last_event(Station.objects.filter(state=StationState.ACTIVE)).filter(
        Q(last_event_at__isnull=True, founded_on__lt=cutoff)
        | Q(last_event_at__lt=_start_of(cutoff))
    )
    return list(stations.order_by("pk"))


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class Candidate:
    membership: Membership
    activity: int


@dataclass(frozen=True)
class Succession:
    lead: Membership
    candidates: list[Candidate]


def activity_score(member, *, since: datetime) -> int:
    """How much the member did since ``since``, over every activity measure."""
    return sum(
        measure.count(member, since=since) for measure in measures() if measure.counts_as_activity
    )


def successions(*, today: date) -> list[tuple[Station, Succession]]:
    """Every active station whose lead has been inactive for 6 months, with its succession.

    One query for the leads; then the activity measures of each long-serving lead, and
    of the deputies and committee members of the stations that need a successor.
    """
    leads = Membership.objects.filter(
        role=StationRole.LEAD, station__state=StationState.ACTIVE, member__is_active=True
    )
    return _successions(leads, today=today)


def succession_for(station: Station, *, today: date) -> Succession | None:
    """The succession suggested for ``station`` on ``today``, or None."""
    leads = Membership.objects.filter(
        station=station,
        station__state=StationState.ACTIVE,
        role=StationRole.LEAD,
        member__is_active=True,
    )
    found = _successions(leads, today=today)
    return found[0][1] if found else None


def _successions(leads: QuerySet[Membership], *, today: date) -> list[tuple[Station, Succession]]:
    since = _start_of(today - relativedelta(months=LEAD_INACTIVE_MONTHS))
    long_serving = leads.filter(Q(role_since__isnull=True) | Q(role_since__lte=since))
    inactive = [
        lead
        for lead in long_serving.select_related("member", "station").order_by("station_id")
        if not member_was_active_since(lead.member, since)
    ]
    if not inactive:
        return []
    others: dict[int, list[Membership]] = {}
    for membership in (
        Membership.objects.filter(
            station__in=[lead.station_id for lead in inactive],
            role__in=[StationRole.DEPUTY, StationRole.COMMITTEE],
            member__is_active=True,
        )
        .select_related("member")
        .order_by("pk")
    ):
        others.setdefault(membership.station_id, []).append(membership)
    order = {StationRole.DEPUTY: 0, StationRole.COMMITTEE: 1}
    result = []
    for lead in inactive:
        candidates = [
            Candidate(membership=m, activity=activity_score(m.member, since=since))
            for m in others.get(lead.station_id, [])
        ]
        candidates.sort(key=lambda c: (-c.activity, order[c.membership.role], c.membership.pk))
        result.append((lead.station, Succession(lead=lead, candidates=candidates)))
    return result

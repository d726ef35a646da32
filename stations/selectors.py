"""Reads of the stations app: pages, lists, permissions and the measures other apps use."""

from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta
from django.db.models import (
    Avg,
    Case,
    Count,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from community_portal.core.translated import localized
from stations.enums import (
    ROLE_ORDER,
    SEAT_STATES,
    EventState,
    FoundingState,
    JoinState,
    RegistrationState,
    StationRole,
    StationState,
)
from stations.models import (
    Event,
    EventFeedback,
    EventPhoto,
    EventSummary,
    FoundingRequest,
    JoinRequest,
    Membership,
    Registration,
    Station,
    name_key,
)
from stations.places import place_keys

# --- Who may do what --------------------------------------------------------------------


def station_role_of(*, station: Station, member) -> str | None:
    """The member's role in the station ("" for a plain member), or None for a non-member."""
    if not getattr(member, "is_authenticated", False):
        return None
    return (
        Membership.objects.filter(station=station, member=member)
        .values_list("role", flat=True)
        .first()
    )


def can_manage_station(*, station: Station, member) -> bool:
    """The lead, the deputies and reviewers run a station's page, joins, events and check-in."""
    if not getattr(member, "is_authenticated", False):
        return False
    if member.is_reviewer:
        return True
    return station_role_of(station=station, member=member) in (
        StationRole.LEAD,
        StationRole.DEPUTY,
    )


def can_manage_roles(*, station: Station, member) -> bool:
    """Only the lead (and reviewers) appoint deputies and committee members or hand over."""
    if not getattr(member, "is_authenticated", False):
        return False
    if member.is_reviewer:
        return True
    return station_role_of(station=station, member=member) == StationRole.LEAD


# --- Stations ---------------------------------------------------------------------------


def _next_event(field: str):
    events = Event.objects.filter(
        station=OuterRef("pk"), state=EventState.SCHEDULED, starts_at__gt=timezone.now()
    ).order_by("starts_at", "id")
    if field == "title":
        # One column, in the reader's language (else the default one's).
        events = events.annotate(shown_title=localized("title"))
        field = "shown_title"
    return Subquery(events.values(field)[:1])


def directory_stations() -> QuerySet[Station]:
    """Active stations in directory order; cheap to count and to page."""
    return Station.objects.active().order_by(localized("name"), "id")


def directory_page_details(stations) -> list[Station]:
    """The page's stations with their member count and next event.

    Counted for the rows shown only: counting every station's members before
    taking a page of twelve was what made the directory slow at 500 stations.
    """
    ids = [station.pk for station in stations]
    annotated = Station.objects.filter(pk__in=ids).annotate(
        member_count=Count("memberships"),
        next_event_id=_next_event("id"),
        next_event_title=_next_event("title"),
        next_event_starts_at=_next_event("starts_at"),
    )
    by_id = {station.pk: station for station in annotated}
    return [by_id[pk] for pk in ids if pk in by_id]


def station_by_slug(*, slug: str) -> Station | None:
    """A station that has a public page (an approved one: active or dormant)."""
    return (
        Station.objects.exclude(state=StationState.PROPOSED)
        .annotate(member_count=Count("memberships"))
        .filter(slug=slug)
        .first()
    )


def station_exists_for_name(*, name: str) -> bool:
    return Station.objects.filter(name_key=name_key(name)).exists()


def pending_founding_exists_for_name(*, name: str) -> bool:
    return FoundingRequest.objects.filter(
        name_key=name_key(name), state=FoundingState.PENDING
    ).exists()


# Stations are a few hundred at most: their spellings are compared here, in Python,
# since no index can say that "上海市" is "Shanghai".


def station_for_place(
    *, kind: str, name: str, city: str, excluding: Station | None = None
) -> Station | None:
    """The station, of any state, that already stands for the place of a new ``kind`` station."""
    wanted = place_keys(kind=kind, name=name, city=city)
    stations = Station.objects.filter(kind=kind).only("name", "kind", "city", "place_aliases")
    if excluding is not None:
        stations = stations.exclude(pk=excluding.pk)
    for station in stations.order_by("id"):
        keys = place_keys(
            kind=kind, name=station.name, city=station.city, aliases=station.place_aliases
        )
        if wanted & keys:
            return station
    return None


def pending_founding_for_place(*, kind: str, name: str, city: str) -> FoundingRequest | None:
    """The pending founding request, if any, for the place of a new ``kind`` station."""
    wanted = place_keys(kind=kind, name=name, city=city)
    pending = FoundingRequest.objects.filter(kind=kind, state=FoundingState.PENDING)
    for founding in pending.only("name", "kind", "city").order_by("id"):
        if wanted & place_keys(kind=kind, name=founding.name, city=founding.city):
            return founding
    return None


def station_leadership(*, station: Station) -> list[tuple[str, list[Membership]]]:
    """(role label, memberships) for lead, deputies and committee, in that order."""
    holders = list(
        Membership.objects.filter(station=station)
        .exclude(role="")
        .select_related("member")
        .order_by("role_since", "id")
    )
    return [
        (role.label, [holder for holder in holders if holder.role == role]) for role in ROLE_ORDER
    ]


def station_members(*, station: Station) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(station=station)
        .select_related("member")
        .annotate(role_rank=_role_rank())
        .order_by("role_rank", "member__username", "id")
    )


def _role_rank():
    return Case(
        *[When(role=role, then=Value(rank)) for rank, role in enumerate(ROLE_ORDER)],
        default=Value(len(ROLE_ORDER)),
        output_field=IntegerField(),
    )


def pending_join_requests(*, station: Station) -> QuerySet[JoinRequest]:
    return (
        JoinRequest.objects.filter(station=station, state=JoinState.PENDING)
        .select_related("member")
        .order_by("created_at", "id")
    )


def pending_join_request_for(*, station: Station, member) -> JoinRequest | None:
    if not getattr(member, "is_authenticated", False):
        return None
    return JoinRequest.objects.filter(
        station=station, member=member, state=JoinState.PENDING
    ).first()


# --- Events -----------------------------------------------------------------------------


def _with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.annotate(
        seats_taken=Count("registrations", filter=Q(registrations__state__in=SEAT_STATES)),
        waitlist_count=Count(
            "registrations", filter=Q(registrations__state=RegistrationState.WAITLISTED)
        ),
    )


def station_upcoming_events(*, station: Station, now: datetime | None = None) -> QuerySet[Event]:
    return _with_counts(Event.objects.filter(station=station).upcoming(now))


def station_past_events(*, station: Station, now: datetime | None = None) -> QuerySet[Event]:
    return _with_counts(Event.objects.filter(station=station).past(now))


# How many of a station's latest events its page draws.
ATTENDANCE_EVENTS = 8


def station_recent_attendance(
    *, station: Station, now: datetime | None = None, limit: int = ATTENDANCE_EVENTS
) -> list[Event]:
    """The station's latest ended events that took place, oldest first, each with
    ``registered`` (seats taken) and ``attended`` (checked in): one query, read
    along event_station_start_idx: only the latest events' registrations are
    counted, however many events the station ever held."""
    latest = (
        Event.objects.filter(station=station, state=EventState.SCHEDULED)
        .past(now)
        .values("pk")[:limit]
    )
    events = (
        Event.objects.filter(pk__in=latest)
        .order_by("-starts_at", "-id")
        .annotate(
            registered=Count("registrations", filter=Q(registrations__state__in=SEAT_STATES)),
            attended=Count(
                "registrations", filter=Q(registrations__state=RegistrationState.ATTENDED)
            ),
        )
    )
    return list(reversed(events))


def station_event(*, station: Station, pk) -> Event | None:
    """One event of this station (never another station's, whatever id was sent)."""
    return _with_counts(Event.objects.filter(station=station, pk=pk)).first()


def station_events_for_management(*, station: Station) -> QuerySet[Event]:
    return _with_counts(Event.objects.filter(station=station)).order_by("-starts_at", "-id")


def upcoming_events(*, limit: int = 3) -> QuerySet[Event]:
    """The next events of all active stations, for the home page."""
    return (
        Event.objects.filter(station__state=StationState.ACTIVE, state=EventState.SCHEDULED)
        .upcoming()
        .select_related("station")[:limit]
    )


def public_events(
    *, when: str | None = "upcoming", station: Station | None = None, now: datetime | None = None
) -> QuerySet[Event]:
    """Events of the stations with a public page: ``upcoming`` soonest first, ``past``
    latest first, or (None) all of them.

    The station pages list the same events (``station_upcoming_events``); the API
    lists them across stations.
    """
    events = Event.objects.exclude(station__state=StationState.PROPOSED).select_related("station")
    if station is not None:
        events = events.filter(station=station)
    if when == "upcoming":
        events = events.upcoming(now)
    elif when == "past":
        events = events.past(now)
    return _with_counts(events)


def next_event_change(*, station: Station | None = None, now: datetime | None = None):
    """The next moment an event starts or ends (None: none to come), when pages listing
    upcoming and past events, or saying "registration open", change by themselves."""
    now = now or timezone.now()
    events = Event.objects.all() if station is None else Event.objects.filter(station=station)
    moments = events.filter(ends_at__gt=now).aggregate(
        starts=Min("starts_at", filter=Q(starts_at__gt=now)), ends=Min("ends_at")
    )
    return min((moment for moment in moments.values() if moment is not None), default=None)


def feed_events(*, station: Station) -> list[Event]:
    """What a station's calendar feed lists: its events of the last year and to come."""
    since = timezone.now() - relativedelta(years=1)
    return list(
        Event.objects.filter(station=station, ends_at__gte=since)
        .select_related("station")
        .order_by("starts_at", "id")[:500]
    )


def registration_for(*, event: Event, member) -> Registration | None:
    if not getattr(member, "is_authenticated", False):
        return None
    return Registration.objects.filter(event=event, member=member).first()


def waitlist_position(*, registration: Registration) -> int | None:
    """1 for the first person waiting, and so on."""
    if registration.state != RegistrationState.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id, state=RegistrationState.WAITLISTED
    ).filter(
        Q(waitlisted_at__lt=registration.waitlisted_at)
        | Q(waitlisted_at=registration.waitlisted_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def check_in_list(*, event: Event) -> QuerySet[Registration]:
    """Everyone holding a seat, checked in or not, by name."""
    return (
        Registration.objects.filter(event=event, state__in=SEAT_STATES)
        .select_related("member", "checked_in_by")
        .order_by("member__display_name", "member__username", "id")
    )


def event_waitlist(*, event: Event) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(event=event, state=RegistrationState.WAITLISTED)
        .select_related("member")
        .order_by("waitlisted_at", "id")
    )


def check_in_is_open(*, event: Event, today: date | None = None) -> bool:
    """Check-in opens on the (local) day the event starts."""
    today = today or timezone.localdate()
    return event.state == EventState.SCHEDULED and today >= timezone.localdate(event.starts_at)


# --- Follow-up --------------------------------------------------------------------------

# Below this many answers an average says more about one person than about the event.
RATINGS_SHOWN_FROM = 3


def event_summary(*, event: Event) -> EventSummary | None:
    return EventSummary.objects.filter(event=event).first()


def event_photos(*, event: Event) -> list[EventPhoto]:
    return list(EventPhoto.objects.filter(event=event).order_by("created_at", "id"))


def event_rating(*, event: Event) -> dict | None:
    """The average rating and the number of answers, or None below RATINGS_SHOWN_FROM.
    One query, whatever the number of answers."""
    rating = EventFeedback.objects.filter(event=event).aggregate(
        average=Avg("rating"), count=Count("id")
    )
    return rating if rating["count"] >= RATINGS_SHOWN_FROM else None


def feedback_given(*, event: Event, member) -> bool:
    if not getattr(member, "is_authenticated", False):
        return False
    return EventFeedback.objects.filter(event=event, registration__member=member).exists()


def event_results(*, event: Event) -> dict:
    """What the lead sees after the event: attendance, the ratings, the comments
    (never with names). A fixed number of queries."""
    counts = Registration.objects.filter(event=event).aggregate(
        registered=Count("id", filter=Q(state__in=SEAT_STATES)),
        checked_in=Count("id", filter=Q(state=RegistrationState.ATTENDED)),
    )
    answers = EventFeedback.objects.filter(event=event)
    by_rating = dict(answers.values_list("rating").annotate(count=Count("id")).order_by())
    answered = sum(by_rating.values())
    distribution = [
        {
            "rating": rating,
            "count": by_rating.get(rating, 0),
            "percent": round(100 * by_rating.get(rating, 0) / answered) if answered else 0,
        }
        for rating in range(5, 0, -1)
    ]
    comments = list(
        answers.exclude(what_was_good="", what_to_improve="")
        .order_by("created_at", "id")
        .values("rating", "what_was_good", "what_to_improve")
    )
    registered = counts["registered"]
    return {
        "registered": registered,
        "checked_in": counts["checked_in"],
        "attendance": counts["checked_in"] / registered if registered else None,
        "attendance_percent": round(100 * counts["checked_in"] / registered) if registered else 0,
        "answered": answered,
        "average": (
            sum(rating * count for rating, count in by_rating.items()) / answered
            if answered
            else None
        ),
        "distribution": distribution,
        "comments": comments,
    }


# --- Founding ---------------------------------------------------------------------------


def activity_since(*, today: date | None = None) -> datetime:
    """The start of "the last six months": the same local date six calendar months ago."""
    today = today or timezone.localdate()
    return timezone.make_aware(datetime.combine(today - relativedelta(months=6), time.min))


def founding_requests_of(*, member) -> QuerySet[FoundingRequest]:
    return FoundingRequest.objects.filter(proposer=member).select_related("station")


# --- For other apps (public interface) --------------------------------------------------


def events_attended_count(*, member, since: datetime | None = None) -> int:
    """Events the member was checked in at (that started at or after ``since``)."""
    attended = Registration.objects.filter(member=member, state=RegistrationState.ATTENDED)
    if since is not None:
        attended = attended.filter(event__starts_at__gte=since)
    return attended.count()


def events_attended_tally():
    """Every member's count of events attended, as rows ``{"member_pk", "value"}``."""
    return (
        Registration.objects.filter(state=RegistrationState.ATTENDED)
        .values(member_pk=F("member_id"))
        .annotate(value=Count("id"))
        .values("member_pk", "value")
    )


def station_roles_tally():
    """Every member's count of station roles (as ``station_roles_for_member``)."""
    return (
        Membership.objects.exclude(role="")
        .exclude(station__state=StationState.PROPOSED)
        .values(member_pk=F("member_id"))
        .annotate(value=Count("id"))
        .values("member_pk", "value")
    )


def station_roles_for_member(*, member) -> QuerySet[Membership]:
    """The member's roles (lead, deputy, committee) with their stations."""
    return (
        Membership.objects.filter(member=member)
        .exclude(role="")
        .exclude(station__state=StationState.PROPOSED)
        .select_related("station")
        .annotate(role_rank=_role_rank())
        .order_by("role_rank", localized("station__name"), "id")
    )


def memberships_for_member(*, member) -> QuerySet[Membership]:
    """Every station the member belongs to, with their role there, leadership first."""
    return (
        Membership.objects.filter(member=member)
        .exclude(station__state=StationState.PROPOSED)
        .select_related("station")
        .annotate(role_rank=_role_rank())
        .order_by("role_rank", localized("station__name"), "id")
    )


def member_registrations(*, member) -> QuerySet[Registration]:
    """The member's event registrations, latest event first, with event and station."""
    return (
        Registration.objects.filter(member=member)
        .select_related("event__station")
        .order_by("-event__starts_at", "-id")
    )


def registrations_of_member(*, member, now: datetime | None = None) -> dict:
    """The member's events: ``upcoming`` (soonest first) and ``past`` (latest
    first, the 50 most recent), cancelled registrations left out. Two queries."""
    now = now or timezone.now()
    mine = (
        Registration.objects.filter(member=member)
        .exclude(state=RegistrationState.CANCELLED)
        .select_related("event", "event__station")
    )
    return {
        "upcoming": list(mine.filter(event__ends_at__gt=now).order_by("event__starts_at", "id")),
        "past": list(
            mine.filter(event__ends_at__lte=now).order_by("-event__starts_at", "-id")[:50]
        ),
    }

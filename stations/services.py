"""Every write of the stations app: one function per change, each in one transaction.

Each function checks who may act and whether the transition is allowed (the
tables in ``enums.py``), saves with ``update_fields``, writes a history entry and
the notifications in the same transaction. Refusals raise :class:`StationError`,
whose message is shown to the user.

Locks: a service that counts seats or moves a queue locks the event row first,
then registrations, always in that order.
"""

from datetime import date, datetime, time

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community_portal.notifications.services import notify, notify_many
from members.models import User
from members.progress import member_was_active_since
from stations import selectors
from stations.enums import (
    EVENT_TRANSITIONS,
    FOUNDING_TRANSITIONS,
    JOIN_TRANSITIONS,
    REGISTRATION_TRANSITIONS,
    SEAT_STATES,
    STATION_TRANSITIONS,
    EventState,
    FoundingState,
    JoinState,
    LogAction,
    RegistrationState,
    StationRole,
    StationState,
    check_transition,
)
from stations.models import (
    Event,
    FoundingRequest,
    JoinRequest,
    Membership,
    Registration,
    Station,
    StationLogEntry,
    name_key,
)


class StationError(Exception):
    """A stations change that is not allowed; the message is shown to the user."""


class StationPermissionDenied(StationError):
    """The acting member may not manage this station."""


# --- Shared helpers ---------------------------------------------------------------------


def _log(*, action: str, actor, **fields) -> StationLogEntry:
    return StationLogEntry.objects.create(action=action, actor=actor, **fields)


def _require_transition(table, current: str, target: str) -> None:
    if not check_transition(table, current, target):
        raise StationError(_("This change is not possible any more; reload the page."))


def _require_manager(station: Station, actor) -> None:
    if not selectors.can_manage_station(station=station, member=actor):
        raise StationPermissionDenied(_("Only this station's lead and deputies can do that."))


def _require_role_manager(station: Station, actor) -> None:
    if not selectors.can_manage_roles(station=station, member=actor):
        raise StationPermissionDenied(_("Only this station's lead can change its roles."))


def _station_url(station: Station) -> str:
    return reverse("stations:detail", args=[station.slug])


def _event_url(event: Event) -> str:
    return reverse("stations:event", args=[event.station.slug, event.pk])


def _managers(station: Station):
    return User.objects.filter(
        is_active=True,
        station_memberships__station=station,
        station_memberships__role__in=[StationRole.LEAD, StationRole.DEPUTY],
    )


# Addresses the stations URLs use for pages of their own.
RESERVED_SLUGS = {"found"}


def _unique_slug(name: str, city: str) -> str:
    base = slugify(name) or slugify(city) or "station"
    slug, n = base[:100], 2
    while slug in RESERVED_SLUGS or Station.objects.filter(slug=slug).exists():
        slug = f"{base[:100]}-{n}"
        n += 1
    return slug


# --- Founding ---------------------------------------------------------------------------


def check_can_propose(*, proposer, name: str, today: date | None = None) -> None:
    """Raise StationError when ``proposer`` may not ask to found a station called ``name``."""
    if not name_key(name):
        raise StationError(_("Give the station a name."))
    if selectors.station_exists_for_name(name=name):
        raise StationError(_("There is already a station for %(name)s.") % {"name": name})
    if selectors.pending_founding_exists_for_name(name=name):
        raise StationError(
            _("Someone already asked to found a station for %(name)s; it is being reviewed.")
            % {"name": name}
        )
    if not member_was_active_since(proposer, selectors.activity_since(today=today)):
        raise StationError(
            _(
                "A station is founded by a member who was active in the community in the last "
                "six months: a selected submission, points earned, an event attended or a "
                "program role."
            )
        )


@transaction.atomic
def founding_request_create(
    *, proposer, kind: str, name: str, city: str, region: str, motivation: str
) -> FoundingRequest:
    name, city = name.strip(), city.strip()
    check_can_propose(proposer=proposer, name=name)
    try:
        with transaction.atomic():
            founding = FoundingRequest.objects.create(
                proposer=proposer,
                kind=kind,
                name=name,
                name_key=name_key(name),
                city=city,
                region=region,
                motivation=motivation.strip(),
            )
    except IntegrityError as error:
        # Someone else asked for the same name between the check and the insert.
        raise StationError(
            _("Someone already asked to found a station for %(name)s; it is being reviewed.")
            % {"name": name}
        ) from error
    _log(
        action=LogAction.FOUNDING_REQUESTED,
        actor=proposer,
        founding_request=founding,
        member=proposer,
        to_state=FoundingState.PENDING,
        comment=founding.motivation,
    )
    notify_many(
        recipients=User.objects.reviewers(),
        actor=proposer,
        subject=gettext_noop("New station founding request: %(name)s"),
        body=gettext_noop(
            "%(proposer)s asks to found the %(name)s station. Review it in the admin."
        ),
        params={"name": founding.name, "proposer": proposer.public_name},
        url=reverse("admin:stations_foundingrequest_change", args=[founding.pk]),
    )
    return founding


def _lock_founding(founding: FoundingRequest) -> FoundingRequest:
    return (
        FoundingRequest.objects.select_for_update().select_related("proposer").get(pk=founding.pk)
    )


FOUNDING_LOG_ACTIONS = {
    FoundingState.APPROVED: LogAction.FOUNDING_APPROVED,
    FoundingState.REJECTED: LogAction.FOUNDING_REJECTED,
    FoundingState.WITHDRAWN: LogAction.FOUNDING_WITHDRAWN,
}


def _decide_founding(
    founding: FoundingRequest, target: str, *, actor, comment: str = "", extra_fields=()
) -> None:
    """Move a locked founding request to ``target`` and record who did it and why."""
    _require_transition(FOUNDING_TRANSITIONS, founding.state, target)
    previous = founding.state
    founding.state = target
    founding.decided_at = timezone.now()
    fields = ["state", "decided_at", *extra_fields]
    if target != FoundingState.WITHDRAWN:
        founding.decided_by = actor
        founding.decision_comment = comment
        fields += ["decided_by", "decision_comment"]
    founding.save(update_fields=fields)
    _log(
        action=FOUNDING_LOG_ACTIONS[target],
        actor=actor,
        station=founding.station,
        founding_request=founding,
        member=founding.proposer,
        from_state=previous,
        to_state=target,
        comment=comment,
    )


@transaction.atomic
def founding_request_approve(
    *, founding_request: FoundingRequest, reviewer, comment: str = ""
) -> Station:
    """Create the station with the proposer as its lead, and tell the proposer."""
    founding = _lock_founding(founding_request)
    _require_transition(FOUNDING_TRANSITIONS, founding.state, FoundingState.APPROVED)
    station = station_create(
        name=founding.name,
        kind=founding.kind,
        city=founding.city,
        region=founding.region,
        lead=founding.proposer,
        actor=reviewer,
        description=founding.motivation,
    )
    founding.station = station
    _decide_founding(
        founding, FoundingState.APPROVED, actor=reviewer, comment=comment, extra_fields=["station"]
    )
    notify(
        recipient=founding.proposer,
        actor=reviewer,
        subject=gettext_noop("Your station %(name)s is founded"),
        body=(
            gettext_noop(
                "Your request was approved and you are the lead of the %(name)s station. "
                "Complete its page and plan its first event. The reviewers' comment: %(comment)s"
            )
            if comment
            else gettext_noop(
                "Your request was approved and you are the lead of the %(name)s station. "
                "Complete its page and plan its first event."
            )
        ),
        params={"name": station.name, "comment": comment},
        url=reverse("stations:manage", args=[station.slug]),
    )
    return station


@transaction.atomic
def founding_request_reject(
    *, founding_request: FoundingRequest, reviewer, comment: str
) -> FoundingRequest:
    founding = _lock_founding(founding_request)
    _decide_founding(founding, FoundingState.REJECTED, actor=reviewer, comment=comment)
    notify(
        recipient=founding.proposer,
        actor=reviewer,
        subject=gettext_noop("Your request to found %(name)s was not approved"),
        body=gettext_noop("The reviewers' answer: %(comment)s"),
        params={"name": founding.name, "comment": comment},
        url=reverse("stations:found"),
    )
    return founding


@transaction.atomic
def founding_request_withdraw(*, founding_request: FoundingRequest, member) -> FoundingRequest:
    founding = _lock_founding(founding_request)
    if founding.proposer_id != member.pk:
        raise StationPermissionDenied(_("Only the proposer can withdraw this request."))
    _decide_founding(founding, FoundingState.WITHDRAWN, actor=member)
    return founding


# --- Stations ---------------------------------------------------------------------------


@transaction.atomic
def station_create(
    *,
    name: str,
    kind: str,
    city: str,
    region: str,
    lead,
    actor,
    founded_on: date | None = None,
    description: str = "",
) -> Station:
    """A new active station with ``lead`` as its lead (founding approval, demo data)."""
    name = name.strip()
    if selectors.station_exists_for_name(name=name):
        raise StationError(_("There is already a station for %(name)s.") % {"name": name})
    try:
        with transaction.atomic():
            station = Station.objects.create(
                name=name,
                name_key=name_key(name),
                slug=_unique_slug(name, city),
                kind=kind,
                city=city.strip(),
                region=region,
                founded_on=founded_on or timezone.localdate(),
                description=description,
                state=StationState.ACTIVE,
            )
    except IntegrityError as error:
        raise StationError(
            _("There is already a station for %(name)s.") % {"name": name}
        ) from error
    # A station recorded with an earlier founding date has had its lead since then.
    since = timezone.now()
    if station.founded_on < timezone.localdate(since):
        since = timezone.make_aware(datetime.combine(station.founded_on, time.min))
    Membership.objects.create(
        station=station, member=lead, role=StationRole.LEAD, joined_at=since, role_since=since
    )
    _log(
        action=LogAction.STATION_CREATED,
        actor=actor,
        station=station,
        member=lead,
        to_state=station.state,
    )
    return station


@transaction.atomic
def station_update_page(
    *,
    station: Station,
    actor,
    description: str,
    join_link: str,
    website: str,
    banner=None,
) -> Station:
    """Edit the station's text and links; ``banner`` is a new (re-encoded) image,
    ``False`` to remove the current one, or ``None`` to keep it."""
    _require_manager(station, actor)
    station = Station.objects.select_for_update().get(pk=station.pk)
    station.description = description
    station.join_link = join_link
    station.website = website
    fields = ["description", "join_link", "website", "updated_at"]
    if banner is False:
        station.banner = ""
        fields.append("banner")
    elif banner is not None:
        station.banner.save(banner.name, banner, save=False)
        fields.append("banner")
    station.save(update_fields=fields)
    _log(action=LogAction.PAGE_EDITED, actor=actor, station=station)
    return station


@transaction.atomic
def station_set_state(*, station: Station, actor, state: str, comment: str = "") -> Station:
    """Reviewers mark a station dormant or active again (from the admin)."""
    if not actor.is_reviewer:
        raise StationPermissionDenied(_("Only reviewers can change a station's state."))
    station = Station.objects.select_for_update().get(pk=station.pk)
    _require_transition(STATION_TRANSITIONS, station.state, state)
    previous = station.state
    station.state = state
    station.save(update_fields=["state", "updated_at"])
    _log(
        action=LogAction.STATION_STATE_CHANGED,
        actor=actor,
        station=station,
        from_state=previous,
        to_state=state,
        comment=comment,
    )
    return station


# --- Joining and leaving ----------------------------------------------------------------


@transaction.atomic
def join_request_create(*, station: Station, member, message: str = "") -> JoinRequest:
    station = Station.objects.select_for_update().get(pk=station.pk)
    if station.state != StationState.ACTIVE:
        raise StationError(_("This station does not take new members at the moment."))
    if Membership.objects.filter(station=station, member=member).exists():
        raise StationError(_("You are already a member of this station."))
    if JoinRequest.objects.filter(station=station, member=member, state=JoinState.PENDING).exists():
        raise StationError(_("You already asked to join this station."))
    join_request = JoinRequest.objects.create(
        station=station, member=member, message=message.strip()
    )
    _log(
        action=LogAction.JOIN_REQUESTED,
        actor=member,
        station=station,
        member=member,
        to_state=JoinState.PENDING,
        comment=join_request.message,
    )
    notify_many(
        recipients=_managers(station),
        actor=member,
        subject=gettext_noop("%(member)s asks to join %(station)s"),
        body=gettext_noop("Accept or decline the request on the station's management page."),
        params={"member": member.public_name, "station": station.name},
        url=reverse("stations:join_requests", args=[station.slug]),
    )
    return join_request


def _decide_join(*, join_request: JoinRequest, actor, target: str, response: str) -> JoinRequest:
    join_request = (
        JoinRequest.objects.select_for_update()
        .select_related("station", "member")
        .get(pk=join_request.pk)
    )
    station = join_request.station
    _require_manager(station, actor)
    _require_transition(JOIN_TRANSITIONS, join_request.state, target)
    previous = join_request.state
    join_request.state = target
    join_request.decided_at = timezone.now()
    join_request.decided_by = actor
    join_request.response = response.strip()
    join_request.save(update_fields=["state", "decided_at", "decided_by", "response"])
    accepted = target == JoinState.ACCEPTED
    if accepted:
        Membership.objects.get_or_create(station=station, member=join_request.member)
    _log(
        action=LogAction.JOIN_ACCEPTED if accepted else LogAction.JOIN_DECLINED,
        actor=actor,
        station=station,
        member=join_request.member,
        from_state=previous,
        to_state=target,
        comment=join_request.response,
    )
    notify(
        recipient=join_request.member,
        actor=actor,
        subject=(
            gettext_noop("Welcome to the %(station)s station")
            if accepted
            else gettext_noop("Your request to join %(station)s was declined")
        ),
        body=gettext_noop("The station's answer: %(response)s") if join_request.response else "",
        params={"station": station.name, "response": join_request.response},
        url=_station_url(station),
    )
    return join_request


@transaction.atomic
def join_request_accept(*, join_request: JoinRequest, actor, response: str = "") -> JoinRequest:
    return _decide_join(
        join_request=join_request, actor=actor, target=JoinState.ACCEPTED, response=response
    )


@transaction.atomic
def join_request_decline(*, join_request: JoinRequest, actor, response: str = "") -> JoinRequest:
    return _decide_join(
        join_request=join_request, actor=actor, target=JoinState.DECLINED, response=response
    )


@transaction.atomic
def join_request_withdraw(*, join_request: JoinRequest, member) -> JoinRequest:
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.member_id != member.pk:
        raise StationPermissionDenied(_("Only the member who asked can withdraw the request."))
    _require_transition(JOIN_TRANSITIONS, join_request.state, JoinState.WITHDRAWN)
    previous = join_request.state
    join_request.state = JoinState.WITHDRAWN
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["state", "decided_at"])
    _log(
        action=LogAction.JOIN_WITHDRAWN,
        actor=member,
        station_id=join_request.station_id,
        member=member,
        from_state=previous,
        to_state=join_request.state,
    )
    return join_request


@transaction.atomic
def membership_leave(*, station: Station, member) -> None:
    membership = (
        Membership.objects.select_for_update().filter(station=station, member=member).first()
    )
    if membership is None:
        raise StationError(_("You are not a member of this station."))
    if membership.role == StationRole.LEAD:
        raise StationError(_("Hand the lead role over to someone else before you leave."))
    membership.delete()
    _log(
        action=LogAction.MEMBER_LEFT,
        actor=member,
        station=station,
        member=member,
        from_state=membership.role,
    )


# --- Roles ------------------------------------------------------------------------------


# One text per role: a role's name alone would be translated without its context.
APPOINTED_SUBJECTS = {
    StationRole.DEPUTY: gettext_noop("You are now a deputy lead of the %(station)s station"),
    StationRole.COMMITTEE: gettext_noop(
        "You are now a committee member of the %(station)s station"
    ),
}
REMOVED_SUBJECTS = {
    StationRole.DEPUTY: gettext_noop("You are no longer a deputy lead of the %(station)s station"),
    StationRole.COMMITTEE: gettext_noop(
        "You are no longer a committee member of the %(station)s station"
    ),
}


def _change_role(membership: Membership, role: str, *, actor, action: str) -> str:
    """Give a locked membership its new role (or none) and record it; returns the old role."""
    previous = membership.role
    membership.role = role
    membership.role_since = timezone.now() if role else None
    membership.save(update_fields=["role", "role_since"])
    _log(
        action=action,
        actor=actor,
        station_id=membership.station_id,
        member_id=membership.member_id,
        from_state=previous,
        to_state=role,
    )
    return previous


def _lock_membership(station: Station, member) -> Membership:
    membership = (
        Membership.objects.select_for_update()
        .select_related("member")
        .filter(station=station, member=member)
        .first()
    )
    if membership is None:
        raise StationError(_("Only members of the station can hold a role in it."))
    return membership


@transaction.atomic
def role_appoint(*, station: Station, member, role: str, actor) -> Membership:
    """Make a station member a deputy lead or a committee member."""
    _require_role_manager(station, actor)
    if role not in (StationRole.DEPUTY, StationRole.COMMITTEE):
        raise StationError(_("Hand the lead role over instead of appointing a second lead."))
    membership = _lock_membership(station, member)
    if membership.role == StationRole.LEAD:
        raise StationError(_("The lead keeps the lead role until they hand it over."))
    if membership.role == role:
        raise StationError(_("This member already holds that role."))
    _change_role(membership, role, actor=actor, action=LogAction.ROLE_APPOINTED)
    notify(
        recipient=membership.member,
        actor=actor,
        subject=APPOINTED_SUBJECTS[role],
        params={"station": station.name},
        url=_station_url(station),
    )
    return membership


@transaction.atomic
def role_remove(*, station: Station, member, actor) -> Membership:
    _require_role_manager(station, actor)
    membership = _lock_membership(station, member)
    if membership.role == StationRole.LEAD:
        raise StationError(_("The lead role can only be handed over to someone else."))
    if not membership.role:
        raise StationError(_("This member holds no role."))
    previous = _change_role(membership, "", actor=actor, action=LogAction.ROLE_REMOVED)
    notify(
        recipient=membership.member,
        actor=actor,
        subject=REMOVED_SUBJECTS[previous],
        params={"station": station.name},
        url=_station_url(station),
    )
    return membership


@transaction.atomic
def lead_hand_over(
    *, station: Station, new_lead, actor, previous_lead_role: str = StationRole.DEPUTY
) -> Membership:
    """Demote the current lead and appoint ``new_lead``, together or not at all."""
    _require_role_manager(station, actor)
    if previous_lead_role not in ("", StationRole.DEPUTY, StationRole.COMMITTEE):
        raise StationError(_("Choose what the previous lead becomes."))
    # The station row serializes hand-overs of the same station.
    station = Station.objects.select_for_update().get(pk=station.pk)
    new = _lock_membership(station, new_lead)
    if new.role == StationRole.LEAD:
        raise StationError(_("This member is already the lead."))
    old = (
        Membership.objects.select_for_update()
        .select_related("member")
        .filter(station=station, role=StationRole.LEAD)
        .first()
    )
    # The old lead steps down first: the database allows one lead at a time.
    if old is not None:
        _change_role(old, previous_lead_role, actor=actor, action=LogAction.LEAD_HANDED_OVER)
    _change_role(new, StationRole.LEAD, actor=actor, action=LogAction.LEAD_HANDED_OVER)
    notify(
        recipient=new.member,
        actor=actor,
        subject=gettext_noop("You are now the lead of the %(station)s station"),
        body=gettext_noop("You run its page, its members and its events from now on."),
        params={"station": station.name},
        url=reverse("stations:manage", args=[station.slug]),
    )
    if old is not None and old.member_id != actor.pk:
        notify(
            recipient=old.member,
            actor=actor,
            subject=gettext_noop("%(member)s is now the lead of the %(station)s station"),
            params={"member": new.member.public_name, "station": station.name},
            url=_station_url(station),
        )
    return new


# --- Events -----------------------------------------------------------------------------

EVENT_FIELDS = ("title", "kind", "description", "starts_at", "ends_at", "venue", "online_url")
# A change to any of these is news for the people registered.
NOTEWORTHY_FIELDS = ("title", "starts_at", "ends_at", "venue", "online_url")


def _check_event_values(*, starts_at: datetime, ends_at: datetime, venue: str, online_url: str):
    if ends_at <= starts_at:
        raise StationError(_("An event ends after it starts."))
    if not venue.strip() and not online_url.strip():
        raise StationError(_("Give a place, an online link, or both."))


@transaction.atomic
def event_create(
    *,
    station: Station,
    actor,
    title: str,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
    venue: str = "",
    online_url: str = "",
    description: str = "",
) -> Event:
    _require_manager(station, actor)
    if station.state != StationState.ACTIVE:
        raise StationError(_("A dormant station cannot plan events."))
    _check_event_values(starts_at=starts_at, ends_at=ends_at, venue=venue, online_url=online_url)
    if starts_at <= timezone.now():
        raise StationError(_("An event is planned for the future."))
    if capacity < 1:
        raise StationError(_("An event has room for at least one person."))
    event = Event.objects.create(
        station=station,
        title=title.strip(),
        kind=kind,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue.strip(),
        online_url=online_url.strip(),
        capacity=capacity,
        created_by=actor,
    )
    _log(
        action=LogAction.EVENT_CREATED,
        actor=actor,
        station=station,
        event=event,
        to_state=event.state,
    )
    return event


def _lock_event(event: Event) -> Event:
    return Event.objects.select_for_update().select_related("station").get(pk=event.pk)


def _seats_taken(event: Event) -> int:
    return Registration.objects.filter(event=event, state__in=SEAT_STATES).count()


def _registrants(event: Event):
    return User.objects.filter(
        is_active=True,
        event_registrations__event=event,
        event_registrations__state__in=[
            RegistrationState.REGISTERED,
            RegistrationState.WAITLISTED,
        ],
    )


@transaction.atomic
def event_update(
    *,
    event: Event,
    actor,
    title: str,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
    venue: str = "",
    online_url: str = "",
    description: str = "",
) -> Event:
    """Change an event; its registrants hear of a new time, place or title, and a
    larger capacity moves the waiting list up."""
    event = _lock_event(event)
    _require_manager(event.station, actor)
    if event.state == EventState.CANCELLED:
        raise StationError(_("A cancelled event cannot be changed."))
    if event.ends_at <= timezone.now():
        raise StationError(_("A past event cannot be changed."))
    merged = {
        "title": title.strip(),
        "kind": kind,
        "description": description,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "venue": venue.strip(),
        "online_url": online_url.strip(),
    }
    _check_event_values(
        starts_at=merged["starts_at"],
        ends_at=merged["ends_at"],
        venue=merged["venue"],
        online_url=merged["online_url"],
    )
    if starts_at != event.starts_at and starts_at <= timezone.now():
        raise StationError(_("An event is planned for the future."))
    taken = _seats_taken(event)
    if capacity < max(taken, 1):
        raise StationError(
            _("%(count)d people already hold a seat: the capacity cannot be lower.")
            % {"count": taken}
        )
    changed = [field for field in EVENT_FIELDS if merged[field] != getattr(event, field)]
    if event.capacity != capacity:
        changed.append("capacity")
    if not changed:
        return event
    for field in EVENT_FIELDS:
        setattr(event, field, merged[field])
    event.capacity = capacity
    event.sequence += 1
    event.save(update_fields=[*changed, "sequence", "updated_at"])
    _log(
        action=LogAction.EVENT_CHANGED,
        actor=actor,
        station=event.station,
        event=event,
        comment=", ".join(changed),
    )
    if any(field in NOTEWORTHY_FIELDS for field in changed):
        notify_many(
            recipients=_registrants(event),
            actor=actor,
            subject=gettext_noop("%(event)s has changed"),
            body=gettext_noop(
                "The organizers of %(station)s changed the event. It now starts on %(starts)s. "
                "Check the time and place before you go."
            ),
            params={
                "event": event.title,
                "station": event.station.name,
                "starts": _local_text(event.starts_at),
            },
            url=_event_url(event),
        )
    _promote_waitlisted(event=event, actor=actor, free=capacity - taken)
    return event


def _local_text(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


@transaction.atomic
def event_cancel(*, event: Event, actor, reason: str) -> Event:
    event = _lock_event(event)
    _require_manager(event.station, actor)
    _require_transition(EVENT_TRANSITIONS, event.state, EventState.CANCELLED)
    if event.ends_at <= timezone.now():
        raise StationError(_("A past event cannot be cancelled."))
    previous = event.state
    event.state = EventState.CANCELLED
    event.cancelled_at = timezone.now()
    event.cancellation_reason = reason.strip()
    event.sequence += 1
    event.save(
        update_fields=["state", "cancelled_at", "cancellation_reason", "sequence", "updated_at"]
    )
    _log(
        action=LogAction.EVENT_CANCELLED,
        actor=actor,
        station=event.station,
        event=event,
        from_state=previous,
        to_state=event.state,
        comment=event.cancellation_reason,
    )
    notify_many(
        recipients=_registrants(event),
        actor=actor,
        subject=gettext_noop("%(event)s is cancelled"),
        body=gettext_noop("The organizers of %(station)s cancelled the event: %(reason)s"),
        params={
            "event": event.title,
            "station": event.station.name,
            "reason": event.cancellation_reason,
        },
        url=_event_url(event),
    )
    return event


# --- Registrations ----------------------------------------------------------------------


def _set_registration_state(
    registration: Registration, target: str, *, actor, now: datetime
) -> None:
    """Move a locked registration to ``target`` and record it."""
    previous = registration.state
    if previous:
        _require_transition(REGISTRATION_TRANSITIONS, previous, target)
    registration.state = target
    registration.waitlisted_at = now if target == RegistrationState.WAITLISTED else None
    if target == RegistrationState.ATTENDED:
        registration.checked_in_at = now
        registration.checked_in_by = actor
    else:
        registration.checked_in_at = None
        registration.checked_in_by = None
    if registration.pk is None:
        registration.save()
    else:
        registration.save(
            update_fields=["state", "waitlisted_at", "checked_in_at", "checked_in_by", "updated_at"]
        )
    _log(
        action=LogAction.REGISTRATION_CHANGED,
        actor=actor,
        station_id=registration.event.station_id,
        event=registration.event,
        member_id=registration.member_id,
        from_state=previous,
        to_state=target,
    )


@transaction.atomic
def registration_create(*, event: Event, member) -> Registration:
    """Register ``member``: a seat while there is one, else a place on the waiting list.

    The event row is locked while the seats are counted, so parallel requests
    queue up and never fill more seats than the capacity.
    """
    event = _lock_event(event)
    if event.state != EventState.SCHEDULED:
        raise StationError(_("This event is cancelled."))
    now = timezone.now()
    if event.has_started(now):
        raise StationError(_("Registration is closed: the event has started."))
    registration = (
        Registration.objects.select_for_update().filter(event=event, member=member).first()
    )
    if registration is not None and registration.state != RegistrationState.CANCELLED:
        raise StationError(_("You are already registered for this event."))
    if registration is None:
        registration = Registration(event=event, member=member, state="")
    target = (
        RegistrationState.REGISTERED
        if _seats_taken(event) < event.capacity
        else RegistrationState.WAITLISTED
    )
    _set_registration_state(registration, target, actor=member, now=now)
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, member) -> Registration:
    """Give up a seat or a place in the queue; a freed seat goes to the first in line."""
    event = _lock_event(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.member_id != member.pk:
        raise StationPermissionDenied(_("Only the member who registered can cancel."))
    now = timezone.now()
    if event.has_started(now):
        raise StationError(_("The event has started: a registration cannot be cancelled now."))
    registration.event = event
    had_seat = registration.state in SEAT_STATES
    _set_registration_state(registration, RegistrationState.CANCELLED, actor=member, now=now)
    if had_seat and event.state == EventState.SCHEDULED:
        _promote_waitlisted(event=event, actor=member, free=event.capacity - _seats_taken(event))
    return registration


def _promote_waitlisted(*, event: Event, actor, free: int) -> list[Registration]:
    """Give ``free`` seats of a locked event to the first people waiting, and tell them."""
    if free <= 0 or event.has_started():
        return []
    queue = list(
        Registration.objects.select_for_update()
        .filter(event=event, state=RegistrationState.WAITLISTED)
        .select_related("member")
        .order_by("waitlisted_at", "id")[:free]
    )
    now = timezone.now()
    for registration in queue:
        registration.event = event
        _set_registration_state(registration, RegistrationState.REGISTERED, actor=actor, now=now)
        notify(
            recipient=registration.member,
            subject=gettext_noop("A seat opened up: you are registered for %(event)s"),
            body=gettext_noop(
                "You were on the waiting list and now hold a seat at %(event)s on %(starts)s. "
                "If you can no longer come, cancel so the next person gets it."
            ),
            params={"event": event.title, "starts": _local_text(event.starts_at)},
            url=_event_url(event),
        )
    return queue


def _lock_registration_for_check_in(registration: Registration, actor) -> Registration:
    event = _lock_event(registration.event)
    _require_manager(event.station, actor)
    registration = Registration.objects.select_for_update().get(pk=registration.pk, event=event)
    registration.event = event
    if not selectors.check_in_is_open(event=event):
        raise StationError(_("Check-in opens on the day of the event."))
    return registration


@transaction.atomic
def registration_check_in(*, registration: Registration, actor) -> Registration:
    registration = _lock_registration_for_check_in(registration, actor)
    if registration.state == RegistrationState.ATTENDED:
        raise StationError(_("This person is already checked in."))
    if registration.state != RegistrationState.REGISTERED:
        raise StationError(_("Only people holding a seat can be checked in."))
    _set_registration_state(
        registration, RegistrationState.ATTENDED, actor=actor, now=timezone.now()
    )
    return registration


@transaction.atomic
def registration_undo_check_in(*, registration: Registration, actor) -> Registration:
    registration = _lock_registration_for_check_in(registration, actor)
    if registration.state != RegistrationState.ATTENDED:
        raise StationError(_("This person is not checked in."))
    _set_registration_state(
        registration, RegistrationState.REGISTERED, actor=actor, now=timezone.now()
    )
    return registration

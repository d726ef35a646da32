"""Events, registrations, the waiting list and check-in.

Locks: a service that counts seats or moves a queue locks the event row first,
then registrations, always in that order.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community_portal.chat.enums import MessageKind
from community_portal.chat.services import chat_post
from community_portal.core.formatting import moment_param
from community_portal.core.messages import (
    STATION_EVENT_CHANGED,
    STATION_REVIVED,
    content,
    stored,
)
from community_portal.core.translated import set_texts, translation_fields, with_language_columns
from community_portal.notifications.services import notify, notify_many
from community_portal.webhooks import events as webhook_events
from members.models import User
from stations import selectors
from stations.enums import (
    EVENT_TRANSITIONS,
    REGISTRATION_TRANSITIONS,
    SEAT_STATES,
    EventState,
    LogAction,
    RegistrationState,
    StationState,
)
from stations.models import (
    Event,
    Registration,
    Station,
)
from stations.services.common import (
    StationError,
    StationPermissionDenied,
    _event_url,
    _log,
    _require_manager,
    _require_transition,
    field_labels,
)

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
    station = Station.objects.select_for_update().get(pk=station.pk)
    if station.state == StationState.PROPOSED:
        raise StationError(_("A station that is not founded yet cannot plan events."))
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
    if station.state == StationState.DORMANT:
        # A dormant station is revived by its next event (stations/health.py).
        station.state = StationState.ACTIVE
        station.save(update_fields=["state", "updated_at"])
        _log(
            action=LogAction.STATION_STATE_CHANGED,
            actor=actor,
            station=station,
            from_state=StationState.DORMANT,
            to_state=StationState.ACTIVE,
            message=stored(STATION_REVIVED),
        )
    _log(
        action=LogAction.EVENT_CREATED,
        actor=actor,
        station=station,
        event=event,
        to_state=event.state,
    )
    webhook_events.event_created(event)
    chat_post(
        kind=MessageKind.EVENT_NEW,
        station=station,
        title=gettext_noop("New event of %(station)s: %(event)s"),
        body=CHAT_EVENT_BODY,
        params=_chat_event_params(event),
        url=_event_url(event),
        key=f"chat.event.new:{event.pk}",
    )
    return event


# What a station's group reads of an event: nothing about who registered.
CHAT_EVENT_BODY = gettext_noop(
    "**When:** %(starts)s (%(timezone)s)\n**Where:** %(place)s\n**Seats:** %(capacity)s"
)


def _chat_event_params(event: Event) -> dict:
    starts = timezone.localtime(event.starts_at)
    return {
        "event": event.title,
        "station": event.station.name,
        "starts": moment_param(event.starts_at, with_zone=False),
        "timezone": str(starts.tzinfo),
        "place": " · ".join(filter(None, [event.venue, event.online_url])),
        "capacity": event.capacity,
    }


def _chat_seats_freed(event: Event, *, promoted: int) -> None:
    """Tell the station's group that seats opened up, without saying whose."""
    free = event.capacity - _seats_taken(event)
    if promoted:
        title = gettext_noop("Seats freed at %(event)s went to the waiting list")
    elif free > 0:
        title = gettext_noop("A seat is free at %(event)s")
    else:
        return
    chat_post(
        kind=MessageKind.SEAT_FREED,
        station=event.station,
        title=title,
        body=gettext_noop(
            "%(event)s on %(starts)s: %(promoted)s seat(s) given to people on the waiting "
            "list, %(free)s seat(s) free now."
        ),
        params={
            "event": event.title,
            "starts": moment_param(event.starts_at),
            "promoted": promoted,
            "free": max(free, 0),
        },
        url=_event_url(event),
    )


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


EVENT_TEXTS = translation_fields("title", "description")


@transaction.atomic
def event_set_texts(*, event: Event, actor, texts: dict) -> Event:
    """Write the event's title and description in each language (from the admin).

    Calendars get the new texts (a new SEQUENCE); nobody is notified: a translation
    changes nothing about when or where the event is.
    """
    event = _lock_event(event)
    _require_manager(event.station, actor)
    if event.state == EventState.CANCELLED:
        raise StationError(_("A cancelled event cannot be changed."))
    changed = set_texts(event, texts, EVENT_TEXTS)
    if changed:
        event.sequence += 1
        event.save(update_fields=[*changed, "sequence", "updated_at"])
        _log(
            action=LogAction.EVENT_CHANGED,
            actor=actor,
            station=event.station,
            event=event,
            message=stored(STATION_EVENT_CHANGED, fields=field_labels(Event, changed)),
        )
        webhook_events.event_changed(event, changed=changed)
    return event


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
    previous_capacity = event.capacity
    if event.capacity != capacity:
        changed.append("capacity")
    if not changed:
        return event
    for field in EVENT_FIELDS:
        setattr(event, field, merged[field])
    event.capacity = capacity
    event.sequence += 1
    # The title and description are the lead's language's: readers of others keep theirs.
    event.save(update_fields=with_language_columns(Event, [*changed, "sequence", "updated_at"]))
    _log(
        action=LogAction.EVENT_CHANGED,
        actor=actor,
        station=event.station,
        event=event,
        message=stored(STATION_EVENT_CHANGED, fields=field_labels(Event, changed)),
    )
    webhook_events.event_changed(event, changed=changed)
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
                "event": content(event, "title"),
                "station": content(event.station, "name"),
                "starts": moment_param(event.starts_at),
            },
            url=_event_url(event),
        )
        chat_post(
            kind=MessageKind.EVENT_CHANGED,
            station=event.station,
            title=gettext_noop("%(event)s has changed"),
            body=CHAT_EVENT_BODY,
            params=_chat_event_params(event),
            url=_event_url(event),
        )
    promoted = _promote_waitlisted(event=event, actor=actor, free=capacity - taken)
    if promoted or capacity > previous_capacity:
        _chat_seats_freed(event, promoted=len(promoted))
    return event


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
            "event": content(event, "title"),
            "station": content(event.station, "name"),
            "reason": event.cancellation_reason,
        },
        url=_event_url(event),
    )
    webhook_events.event_cancelled(event)
    chat_post(
        kind=MessageKind.EVENT_CHANGED,
        station=event.station,
        title=gettext_noop("%(event)s is cancelled"),
        body=gettext_noop("%(starts)s: the organizers cancelled the event. %(reason)s"),
        params={
            "event": event.title,
            "starts": moment_param(event.starts_at),
            "reason": event.cancellation_reason,
        },
        url=_event_url(event),
        key=f"chat.event.cancelled:{event.pk}",
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
        promoted = _promote_waitlisted(
            event=event, actor=member, free=event.capacity - _seats_taken(event)
        )
        _chat_seats_freed(event, promoted=len(promoted))
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
            params={"event": content(event, "title"), "starts": moment_param(event.starts_at)},
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

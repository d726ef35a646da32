"""Choices of the stations app and the state transitions each service may make."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from community_portal.core.workflow import REVIEWER, Move, TransitionTable


class StationKind(models.TextChoices):
    CITY = "city", _("city")
    UNIVERSITY = "university", _("university")


class Region(models.TextChoices):
    """China's customary geographical regions, and one for stations abroad."""

    NORTH = "north", _("North China")
    NORTHEAST = "northeast", _("Northeast China")
    EAST = "east", _("East China")
    CENTRAL = "central", _("Central China")
    SOUTH = "south", _("South China")
    SOUTHWEST = "southwest", _("Southwest China")
    NORTHWEST = "northwest", _("Northwest China")
    OVERSEAS = "overseas", _("Outside mainland China")


class StationState(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ACTIVE = "active", _("active")
    DORMANT = "dormant", _("dormant")


STATION_TRANSITIONS: dict[str, set[str]] = {
    StationState.PROPOSED: {StationState.ACTIVE},
    StationState.ACTIVE: {StationState.DORMANT},
    StationState.DORMANT: {StationState.ACTIVE},
}


class StationRole(models.TextChoices):
    """The leadership of a station (seed 003: 站长, 副站长, 委员)."""

    LEAD = "lead", pgettext_lazy("station role", "lead")
    DEPUTY = "deputy", pgettext_lazy("station role", "deputy lead")
    COMMITTEE = "committee", pgettext_lazy("station role", "committee member")


# The order in which leadership is shown on a station's page.
ROLE_ORDER = [StationRole.LEAD, StationRole.DEPUTY, StationRole.COMMITTEE]


class FoundingState(models.TextChoices):
    PENDING = "pending", _("waiting for review")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


# Who moves a request (``Move.actor``): the member it is about, or those who decide.
PROPOSER = "proposer"
MEMBER = "member"
STATION_MANAGER = "station_manager"

# Reviewers decide on a founding request, never on one they proposed.
FOUNDING_TABLE = TransitionTable(
    [
        Move(FoundingState.PENDING, FoundingState.APPROVED, REVIEWER),
        Move(FoundingState.PENDING, FoundingState.REJECTED, REVIEWER, needs_comment=True),
        Move(FoundingState.PENDING, FoundingState.WITHDRAWN, PROPOSER),
    ],
    parties=[PROPOSER],
)


class JoinState(models.TextChoices):
    PENDING = "pending", _("waiting for an answer")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


# The station's lead and deputies answer a join request, never their own.
JOIN_TABLE = TransitionTable(
    [
        Move(JoinState.PENDING, JoinState.ACCEPTED, STATION_MANAGER),
        Move(JoinState.PENDING, JoinState.DECLINED, STATION_MANAGER),
        Move(JoinState.PENDING, JoinState.WITHDRAWN, MEMBER),
    ],
    parties=[MEMBER],
)


class EventKind(models.TextChoices):
    MEETUP = "meetup", _("meetup")
    WORKSHOP = "workshop", _("workshop")
    HACKATHON = "hackathon", _("hackathon")
    ONLINE_TALK = "online_talk", _("online talk")


class EventState(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    CANCELLED = "cancelled", _("cancelled")


EVENT_TRANSITIONS: dict[str, set[str]] = {
    EventState.SCHEDULED: {EventState.CANCELLED},
    EventState.CANCELLED: set(),
}


class RegistrationState(models.TextChoices):
    REGISTERED = "registered", _("registered")
    WAITLISTED = "waitlisted", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")
    ATTENDED = "attended", _("checked in")


# States that take one of the event's seats.
SEAT_STATES = (RegistrationState.REGISTERED, RegistrationState.ATTENDED)

REGISTRATION_TRANSITIONS: dict[str, set[str]] = {
    RegistrationState.REGISTERED: {RegistrationState.CANCELLED, RegistrationState.ATTENDED},
    RegistrationState.WAITLISTED: {RegistrationState.REGISTERED, RegistrationState.CANCELLED},
    # Registering again after cancelling.
    RegistrationState.CANCELLED: {RegistrationState.REGISTERED, RegistrationState.WAITLISTED},
    # Undoing a check-in made by mistake.
    RegistrationState.ATTENDED: {RegistrationState.REGISTERED},
}


class LogAction(models.TextChoices):
    """What a history entry records."""

    FOUNDING_REQUESTED = "founding_requested", _("asked to found a station")
    FOUNDING_APPROVED = "founding_approved", _("founding approved")
    FOUNDING_REJECTED = "founding_rejected", _("founding rejected")
    FOUNDING_WITHDRAWN = "founding_withdrawn", _("founding request withdrawn")
    STATION_CREATED = "station_created", _("station created")
    STATION_STATE_CHANGED = "station_state_changed", _("station state changed")
    PAGE_EDITED = "page_edited", _("page edited")
    JOIN_REQUESTED = "join_requested", _("asked to join")
    JOIN_ACCEPTED = "join_accepted", _("join request accepted")
    JOIN_DECLINED = "join_declined", _("join request declined")
    JOIN_WITHDRAWN = "join_withdrawn", _("join request withdrawn")
    MEMBER_LEFT = "member_left", _("left the station")
    ROLE_APPOINTED = "role_appointed", _("role appointed")
    ROLE_REMOVED = "role_removed", _("role removed")
    LEAD_HANDED_OVER = "lead_handed_over", _("lead role handed over")
    EVENT_CREATED = "event_created", _("event created")
    EVENT_CHANGED = "event_changed", _("event changed")
    EVENT_CANCELLED = "event_cancelled", _("event cancelled")
    REGISTRATION_CHANGED = "registration_changed", _("registration changed")
    EVENT_SUMMARY_POSTED = "event_summary_posted", _("event summary posted")


def check_transition(table: dict[str, set[str]], current: str, target: str) -> bool:
    return target in table.get(current, set())

"""Joining and leaving a station, and its roles (lead, deputies, committee)."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community_portal.core.messages import content
from community_portal.core.workflow import change_state
from community_portal.notifications.services import notify, notify_many
from stations import selectors
from stations.enums import (
    JOIN_TABLE,
    MEMBER,
    STATION_MANAGER,
    JoinState,
    LogAction,
    StationRole,
    StationState,
)
from stations.models import (
    JoinRequest,
    Membership,
    Station,
    StationLogEntry,
)
from stations.services.common import (
    StationError,
    StationPermissionDenied,
    _log,
    _managers,
    _refused_move,
    _require_role_manager,
    _station_url,
)
from titles.enums import ServiceRole
from titles.services import station_service_changed

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
        params={"member": member.public_name, "station": content(station, "name")},
        url=reverse("stations:join_requests", args=[station.slug]),
    )
    return join_request


def _move_join(join_request: JoinRequest, target: str, *, actor, changes: dict) -> JoinRequest:
    """Lock, check the table and the actor (never the member deciding on their own
    request), save and record the move of a join request."""
    manages = target != JoinState.WITHDRAWN
    join_request, _source = change_state(
        join_request,
        table=JOIN_TABLE,
        target=target,
        actor=actor,
        role=STATION_MANAGER if manages else MEMBER,
        error=StationError,
        denied=StationPermissionDenied,
        involved=lambda row: [row.member_id],
        may_act=(
            (lambda person, row: selectors.can_manage_station(station=row.station, member=person))
            if manages
            else (lambda person, row: person.pk == row.member_id)
        ),
        not_allowed=(
            _("Only this station's lead and deputies can do that.")
            if manages
            else _("Only the member who asked can withdraw the request.")
        ),
        refused_move=_refused_move,
        changes=changes,
        comment=changes.get("response", ""),
        history=StationLogEntry,
        history_fields=lambda row: {
            "action": {
                JoinState.ACCEPTED: LogAction.JOIN_ACCEPTED,
                JoinState.DECLINED: LogAction.JOIN_DECLINED,
                JoinState.WITHDRAWN: LogAction.JOIN_WITHDRAWN,
            }[target],
            "station": row.station,
            "member": row.member,
        },
        queryset=JoinRequest.objects.select_related("station", "member"),
    )
    return join_request


def _decide_join(*, join_request: JoinRequest, actor, target: str, response: str) -> JoinRequest:
    join_request = _move_join(
        join_request,
        target,
        actor=actor,
        changes={"decided_at": timezone.now(), "decided_by": actor, "response": response.strip()},
    )
    station = join_request.station
    accepted = target == JoinState.ACCEPTED
    if accepted:
        Membership.objects.get_or_create(station=station, member=join_request.member)
    notify(
        recipient=join_request.member,
        actor=actor,
        subject=(
            gettext_noop("Welcome to the %(station)s station")
            if accepted
            else gettext_noop("Your request to join %(station)s was declined")
        ),
        body=gettext_noop("The station's answer: %(response)s") if join_request.response else "",
        params={"station": content(station, "name"), "response": join_request.response},
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
    return _move_join(
        join_request, JoinState.WITHDRAWN, actor=member, changes={"decided_at": timezone.now()}
    )


@transaction.atomic
def membership_leave(*, station: Station, member) -> None:
    membership = (
        Membership.objects.select_for_update().filter(station=station, member=member).first()
    )
    if membership is None:
        raise StationError(_("You are not a member of this station."))
    if membership.role == StationRole.LEAD:
        raise StationError(_("Hand the lead role over to someone else before you leave."))
    record_service(membership, membership.role, "", actor=member)
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


# The roles a certificate of service attests (seed 003: 社区认证证书及社区Title).
SERVICE_ROLES = {
    StationRole.LEAD: ServiceRole.STATION_LEAD,
    StationRole.DEPUTY: ServiceRole.STATION_DEPUTY,
}


def record_service(membership: Membership, previous: str, new: str, *, actor) -> None:
    """End the term of service of the previous role and open the new one's."""
    station_service_changed(
        station=membership.station,
        holder=membership.member,
        previous=SERVICE_ROLES.get(previous),
        new=SERVICE_ROLES.get(new),
        actor=actor,
    )


def _change_role(membership: Membership, role: str, *, actor, action: str) -> str:
    """Give a locked membership its new role (or none) and record it; returns the old role."""
    previous = membership.role
    membership.role = role
    membership.role_since = timezone.now() if role else None
    membership.save(update_fields=["role", "role_since"])
    record_service(membership, previous, role, actor=actor)
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
        params={"station": content(station, "name")},
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
        params={"station": content(station, "name")},
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
        params={"station": content(station, "name")},
        url=reverse("stations:manage", args=[station.slug]),
    )
    if old is not None and old.member_id != actor.pk:
        notify(
            recipient=old.member,
            actor=actor,
            subject=gettext_noop("%(member)s is now the lead of the %(station)s station"),
            params={"member": new.member.public_name, "station": content(station, "name")},
            url=_station_url(station),
        )
    return new

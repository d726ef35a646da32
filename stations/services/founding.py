"""Founding a station: who may propose one, and the reviewers' decision."""

from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community_portal.core.messages import content
from community_portal.core.workflow import REVIEWER, change_state, notify_reviewers
from community_portal.notifications.services import notify
from community_portal.webhooks import events as webhook_events
from members.progress import member_was_active_since
from stations import selectors
from stations.enums import (
    FOUNDING_TABLE,
    PROPOSER,
    FoundingState,
    LogAction,
    StationKind,
)
from stations.models import (
    FoundingRequest,
    Station,
    StationLogEntry,
    name_key,
)
from stations.places import place_of
from stations.services.common import (
    StationError,
    StationPermissionDenied,
    _log,
    _refused_move,
)
from stations.services.pages import check_no_station_for_place, station_create

# --- Founding ---------------------------------------------------------------------------


def check_can_propose(
    *,
    proposer,
    name: str,
    kind: str = StationKind.CITY,
    city: str = "",
    today: date | None = None,
) -> None:
    """Raise StationError when ``proposer`` may not ask to found a ``kind`` station
    called ``name`` in ``city``."""
    check_place_is_free(kind=kind, name=name, city=city)
    if not member_was_active_since(proposer, selectors.activity_since(today=today)):
        raise StationError(
            _(
                "A station is founded by a member who was active in the community in the last "
                "six months: a selected submission, points earned, an event attended or a "
                "program role."
            )
        )


def check_place_is_free(*, kind: str, name: str, city: str) -> None:
    """Raise StationError unless the name and the place (the city of a city station, the
    university of a university station) are free: one station per place, however spelled."""
    if not name_key(name):
        raise StationError(_("Give the station a name."))
    check_no_station_for_place(kind=kind, name=name, city=city)
    place = place_of(kind=kind, name=name, city=city) or name
    if selectors.pending_founding_exists_for_name(name=name):
        place = name
    elif not selectors.pending_founding_for_place(kind=kind, name=name, city=city):
        return
    raise StationError(
        _("Someone already asked to found a station for %(name)s; it is being reviewed.")
        % {"name": place}
    )


@transaction.atomic
def founding_request_create(
    *, proposer, kind: str, name: str, city: str, region: str, motivation: str
) -> FoundingRequest:
    name, city = name.strip(), city.strip()
    check_can_propose(proposer=proposer, name=name, kind=kind, city=city)
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
    notify_reviewers(
        actor=proposer,
        subject=gettext_noop("New station founding request: %(name)s"),
        body=gettext_noop(
            "%(proposer)s asks to found the %(name)s station. Review it in the admin."
        ),
        params={"name": founding.name, "proposer": proposer.public_name},
        url=reverse("admin:stations_foundingrequest_change", args=[founding.pk]),
    )
    return founding


FOUNDING_LOG_ACTIONS = {
    FoundingState.APPROVED: LogAction.FOUNDING_APPROVED,
    FoundingState.REJECTED: LogAction.FOUNDING_REJECTED,
    FoundingState.WITHDRAWN: LogAction.FOUNDING_WITHDRAWN,
}


def _decide_founding(
    founding: FoundingRequest, target: str, *, actor, role: str, comment: str = "", changes=None
) -> FoundingRequest:
    """Lock the request, check the table and the actor (never the proposer deciding),
    move it to ``target`` and record who did it and why. ``changes(row)`` gives more
    fields to save, after every check passed (the approval founds the station there)."""

    def decision(row: FoundingRequest) -> dict:
        fields = {"decided_at": timezone.now(), **(changes(row) if changes else {})}
        if target != FoundingState.WITHDRAWN:
            fields.update(decided_by=actor, decision_comment=comment.strip())
        return fields

    founding, _source = change_state(
        founding,
        table=FOUNDING_TABLE,
        target=target,
        actor=actor,
        role=role,
        error=StationError,
        denied=StationPermissionDenied,
        involved=lambda row: [row.proposer_id],
        may_act=(lambda person, row: person.pk == row.proposer_id) if role == PROPOSER else None,
        not_allowed=(
            _("Only the proposer can withdraw this request.")
            if role == PROPOSER
            else _("Only reviewers decide on founding requests.")
        ),
        refused_move=_refused_move,
        changes=decision,
        comment=comment,
        history=StationLogEntry,
        history_fields=lambda row: {
            "action": FOUNDING_LOG_ACTIONS[target],
            "station": row.station,
            "founding_request": row,
            "member": row.proposer,
        },
        queryset=FoundingRequest.objects.select_related("proposer"),
    )
    return founding


@transaction.atomic
def founding_request_approve(
    *, founding_request: FoundingRequest, reviewer, comment: str = ""
) -> Station:
    """Create the station with the proposer as its lead, and tell the proposer.

    Two approvals at once found one station: the second waits for the row
    lock, finds the request approved and is refused.
    """
    founding = _decide_founding(
        founding_request,
        FoundingState.APPROVED,
        actor=reviewer,
        role=REVIEWER,
        comment=comment,
        changes=lambda row: {
            "station": station_create(
                name=row.name,
                kind=row.kind,
                city=row.city,
                region=row.region,
                lead=row.proposer,
                actor=reviewer,
                description=row.motivation,
            )
        },
    )
    station = founding.station
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
        params={"name": content(station, "name"), "comment": comment},
        url=reverse("stations:manage", args=[station.slug]),
    )
    webhook_events.station_founded(station, lead=founding.proposer, at=founding.decided_at)
    return station


@transaction.atomic
def founding_request_reject(
    *, founding_request: FoundingRequest, reviewer, comment: str
) -> FoundingRequest:
    founding = _decide_founding(
        founding_request, FoundingState.REJECTED, actor=reviewer, role=REVIEWER, comment=comment
    )
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
    return _decide_founding(founding_request, FoundingState.WITHDRAWN, actor=member, role=PROPOSER)

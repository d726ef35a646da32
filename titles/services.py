"""Terms of service and their certificates, one function per change.

A station term opens and closes with the role (the stations services call
``station_service_changed`` in their transaction); when a term ends, a
certificate of service is proposed to the reviewers. A member may ask for one
for any term of theirs, also one that goes on (it then attests the period up to
the day they ask). Reviewers issue or decline through the shared workflow: none
decides a request they made or that names them. An issued certificate is an
ordinary ``members.Certificate`` of the role's service level: verified,
printed, signed and revoked like every other.
"""

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from community_portal.core.formatting import date_param
from community_portal.core.messages import content
from community_portal.core.workflow import REVIEWER, change_state, notify_reviewers
from community_portal.notifications.services import notify
from community_portal.webhooks import events as webhook_events
from members.enums import CertificateEventKind, CertificationTrack, VolunteerApplicationState
from members.models import (
    Certificate,
    CertificateEvent,
    CertificationLevel,
    User,
    VolunteerApplication,
    VolunteerGroup,
)
from members.services.certifications import new_certificate_number
from members.services.common import label
from titles.enums import (
    HOLDER,
    OPEN_SERVICE_REQUEST_STATES,
    SERVICE_REQUEST_TABLE,
    ServiceRequestState,
    ServiceRole,
)
from titles.errors import ServiceError
from titles.models import ServiceCertificateRequest, ServiceCertificateRequestStep, ServiceTerm

# The service level of each role: a lifetime level of the service track, made the
# first time it is needed; maintainers may give it a badge image in the admin.
SERVICE_LEVELS = {
    ServiceRole.STATION_LEAD: (
        "service-station-lead",
        gettext_lazy("Certificate of service: station lead"),
        gettext_lazy("Led a city or university station of the community."),
    ),
    ServiceRole.STATION_DEPUTY: (
        "service-station-deputy",
        gettext_lazy("Certificate of service: deputy station lead"),
        gettext_lazy("Helped lead a city or university station of the community."),
    ),
    ServiceRole.VOLUNTEER: (
        "service-volunteer",
        gettext_lazy("Certificate of service: volunteer"),
        gettext_lazy("Served in one of the volunteer groups of the community."),
    ),
}


def service_level(role: str) -> CertificationLevel:
    slug, name, requirements = SERVICE_LEVELS[ServiceRole(role)]
    level = CertificationLevel.objects.filter(slug=slug).first()
    if level is not None:
        return level
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            suffix = code.replace("-", "_").lower()
            texts[f"name_{suffix}"] = str(name)
            texts[f"badge_name_{suffix}"] = str(name)
            texts[f"requirements_{suffix}"] = str(requirements)
    rank = list(SERVICE_LEVELS).index(ServiceRole(role)) + 1
    with translation.override(None):
        name, requirements = str(name), str(requirements)
    level, _created = CertificationLevel.objects.get_or_create(
        slug=slug,
        defaults={
            "track": CertificationTrack.SERVICE,
            "rank": rank,
            "name": name,
            "badge_name": name,
            "requirements": requirements,
            "validity_years": None,
            "is_open": False,
            **texts,
        },
    )
    return level


def _place_param(term: ServiceTerm) -> dict | str:
    if term.station_id:
        return content(term.station, "name")
    return content(term.volunteer_group, "name")


def _params(term: ServiceTerm, **more) -> dict:
    return {
        "member": term.holder.public_name,
        "role": label(ServiceRole(term.role)),
        "place": _place_param(term),
        **more,
    }


def _admin_url(request: ServiceCertificateRequest) -> str:
    return reverse("admin:titles_servicecertificaterequest_change", args=[request.pk])


def _record_request(
    term: ServiceTerm, *, state: str, requested_by: User | None, note: str, period_end: date
) -> ServiceCertificateRequest:
    try:
        with transaction.atomic():
            request = ServiceCertificateRequest.objects.create(
                term=term,
                state=state,
                requested_by=requested_by,
                note=note,
                period_start=term.started_on,
                period_end=period_end,
            )
    except IntegrityError:
        raise ServiceError(
            _("A certificate of service for this term already waits for review.")
        ) from None
    ServiceCertificateRequestStep.objects.create(
        request=request, actor=requested_by, from_state="", to_state=state, comment=note
    )
    return request


# --- Terms --------------------------------------------------------------------------------


def service_term_start(
    *,
    holder: User,
    role: str,
    started_on: date,
    station=None,
    volunteer_group: VolunteerGroup | None = None,
) -> ServiceTerm:
    """Open a term (inside the caller's transaction); an open one is kept as it is."""
    current = ServiceTerm.objects.current().filter(
        holder=holder, role=role, station=station, volunteer_group=volunteer_group
    )
    term = current.first()
    if term is not None:
        return term
    return ServiceTerm.objects.create(
        holder=holder,
        role=role,
        station=station,
        volunteer_group=volunteer_group,
        started_on=started_on,
    )


def service_term_end(*, term: ServiceTerm, ended_on: date, actor: User | None) -> ServiceTerm:
    """Close a term and propose its certificate of service to the reviewers."""
    term = ServiceTerm.objects.select_for_update().select_related("holder").get(pk=term.pk)
    if term.ended_on is not None:
        return term
    term.ended_on = max(ended_on, term.started_on)
    term.save(update_fields=["ended_on"])
    if term.certificate_requests.filter(state__in=OPEN_SERVICE_REQUEST_STATES).exists():
        return term
    request = _record_request(
        term,
        state=ServiceRequestState.PROPOSED,
        requested_by=None,
        note="",
        period_end=term.ended_on,
    )
    params = _params(term, start=date_param(term.started_on), end=date_param(term.ended_on))
    notify_reviewers(
        subject=gettext_noop("A term of service ended: %(member)s, %(role)s (%(place)s)"),
        body=gettext_noop(
            "From %(start)s to %(end)s. A certificate of service is proposed for your review."
        ),
        params=params,
        url=_admin_url(request),
        exclude=[term.holder] + ([actor] if actor is not None else []),
    )
    notify(
        recipient=term.holder,
        actor=actor,
        subject=gettext_noop("Thank you for your service as %(role)s (%(place)s)"),
        body=gettext_noop(
            "Your term ended on %(end)s. A certificate of service is proposed to the "
            "reviewers; we will tell you when it is issued."
        ),
        params=params,
        url=reverse("titles:mine"),
    )
    return term


def station_service_changed(
    *,
    station,
    holder: User,
    previous: str | None,
    new: str | None,
    actor: User | None,
    on: date | None = None,
) -> None:
    """A station role changed hands: end the term of ``previous``, open one for ``new``
    (service roles, or None for a role that is not one). Runs in the caller's transaction."""
    on = on or timezone.localdate()
    if previous == new:
        return
    if previous is not None:
        term = (
            ServiceTerm.objects.current()
            .filter(holder=holder, role=previous, station=station)
            .first()
        )
        if term is not None:
            service_term_end(term=term, ended_on=on, actor=actor)
    if new is not None:
        service_term_start(holder=holder, role=new, station=station, started_on=on)


# --- Requests -----------------------------------------------------------------------------


@transaction.atomic
def service_certificate_request(
    *, term: ServiceTerm, member: User, note: str = ""
) -> ServiceCertificateRequest:
    """The member asks for a certificate of service for one of their terms."""
    term = ServiceTerm.objects.select_for_update().select_related("holder").get(pk=term.pk)
    if term.holder_id != member.pk:
        raise ServiceError(_("You can only ask for a certificate of your own service."))
    if term.certificate_requests.filter(state__in=OPEN_SERVICE_REQUEST_STATES).exists():
        raise ServiceError(_("A certificate of service for this term already waits for review."))
    today = timezone.localdate()
    period_end = term.ended_on or today
    issued = term.certificate_requests.filter(
        state=ServiceRequestState.ISSUED, period_end__gte=period_end
    )
    if issued.exists():
        raise ServiceError(_("This period of service already has its certificate."))
    request = _record_request(
        term,
        state=ServiceRequestState.REQUESTED,
        requested_by=member,
        note=(note or "").strip(),
        period_end=period_end,
    )
    notify_reviewers(
        actor=member,
        subject=gettext_noop("%(member)s asks for a certificate of service"),
        body=gettext_noop("%(role)s (%(place)s), from %(start)s to %(end)s."),
        params=_params(term, start=date_param(term.started_on), end=date_param(period_end)),
        url=_admin_url(request),
    )
    return request


@transaction.atomic
def service_certificate_request_for_group(
    *, group: VolunteerGroup, member: User, note: str = ""
) -> ServiceCertificateRequest:
    """Ask for a certificate of service in a group that accepted the member; the term
    runs from the day it accepted them."""
    application = (
        VolunteerApplication.objects.filter(
            group=group, applicant=member, state=VolunteerApplicationState.ACCEPTED
        )
        .order_by("answered_at")
        .first()
    )
    if application is None:
        raise ServiceError(_("Only volunteers this group accepted can ask for its certificate."))
    term = service_term_start(
        holder=member,
        role=ServiceRole.VOLUNTEER,
        volunteer_group=group,
        started_on=timezone.localdate(application.answered_at),
    )
    return service_certificate_request(term=term, member=member, note=note)


def _involved(row: ServiceCertificateRequest) -> list:
    return [row.term.holder_id, row.requested_by_id]


def _decide(
    request: ServiceCertificateRequest, *, target: str, reviewer: User, comment: str, changes=None
) -> ServiceCertificateRequest:
    now = timezone.now()
    locked, _source = change_state(
        request,
        table=SERVICE_REQUEST_TABLE,
        target=target,
        actor=reviewer,
        role=REVIEWER,
        error=ServiceError,
        queryset=ServiceCertificateRequest.objects.select_related(
            "term", "term__holder", "term__station", "term__volunteer_group"
        ),
        involved=_involved,
        refused_move=lambda row, source: (
            _("This request is “%(state)s”: it cannot be decided now.")
            % {"state": ServiceRequestState(source).label}
        ),
        no_comment=_("Tell the member why."),
        comment=comment,
        changes=lambda row: {"decided_at": now, **(changes(row) if changes else {})},
        history=ServiceCertificateRequestStep,
        history_fields=lambda row: {"request": row},
        now=now,
    )
    request.state = locked.state
    return locked


@transaction.atomic
def service_certificate_issue(
    *, request: ServiceCertificateRequest, reviewer: User, comment: str = ""
) -> Certificate:
    """Issue the certificate of service: a lifetime certificate of the role's level."""
    issued_on = timezone.localdate()
    made = {}

    def certificate_for(row: ServiceCertificateRequest) -> dict:
        made["certificate"] = Certificate.objects.create(
            number=new_certificate_number(),
            holder=row.term.holder,
            level=service_level(row.term.role),
            issued_on=issued_on,
            expires_on=None,
        )
        return {"certificate": made["certificate"]}

    locked = _decide(
        request,
        target=ServiceRequestState.ISSUED,
        reviewer=reviewer,
        comment=comment,
        changes=certificate_for,
    )
    certificate = made["certificate"]
    CertificateEvent.objects.create(
        certificate=certificate,
        kind=CertificateEventKind.ISSUED,
        actor=reviewer,
        comment=(comment or "").strip(),
    )
    term = locked.term
    notify(
        recipient=term.holder,
        actor=reviewer,
        subject=gettext_noop("Your certificate of service is issued: %(role)s (%(place)s)"),
        body=gettext_noop(
            "Certificate %(number)s attests your service from %(start)s to %(end)s; anyone "
            "can verify it by its number."
        ),
        params=_params(
            term,
            number=certificate.number,
            start=date_param(locked.period_start),
            end=date_param(locked.period_end),
        ),
        url=certificate.get_absolute_url(),
    )
    webhook_events.certificate_issued(certificate)
    request.certificate = certificate
    return certificate


@transaction.atomic
def service_certificate_decline(
    *, request: ServiceCertificateRequest, reviewer: User, comment: str
) -> ServiceCertificateRequest:
    locked = _decide(
        request, target=ServiceRequestState.DECLINED, reviewer=reviewer, comment=comment
    )
    notify(
        recipient=locked.term.holder,
        actor=reviewer,
        subject=gettext_noop("No certificate of service for %(role)s (%(place)s)"),
        body=gettext_noop("The reviewers declined it: %(comment)s"),
        params=_params(locked.term, comment=(comment or "").strip()),
        url=reverse("titles:mine"),
    )
    return locked


@transaction.atomic
def service_certificate_withdraw(
    *, request: ServiceCertificateRequest, member: User
) -> ServiceCertificateRequest:
    locked, _source = change_state(
        request,
        table=SERVICE_REQUEST_TABLE,
        target=ServiceRequestState.WITHDRAWN,
        actor=member,
        role=HOLDER,
        error=ServiceError,
        queryset=ServiceCertificateRequest.objects.select_related("term"),
        may_act=lambda user, row: row.term.holder_id == user.pk,
        not_allowed=_("Only the member who served can withdraw the request."),
        refused_move=lambda row, source: _(
            "Only a request you made that still waits for review can be withdrawn."
        ),
        changes={"decided_at": timezone.now()},
        history=ServiceCertificateRequestStep,
        history_fields=lambda row: {"request": row},
    )
    request.state = locked.state
    return locked

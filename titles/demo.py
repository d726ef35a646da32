"""Demo terms of service: the stations' leads and deputies hold theirs, Hangzhou's first
lead has a certificate of service to verify, and Shanghai's lead asks for one."""

from datetime import date

from django.utils import timezone

from members.models import Certificate, User
from stations.models import Membership, Station, name_key
from titles.enums import ServiceRequestState, ServiceRole
from titles.models import ServiceCertificateRequest, ServiceCertificateRequestStep, ServiceTerm
from titles.services import (
    service_certificate_issue,
    service_certificate_request,
    service_term_start,
)

# A fixed number, so that the README can point at it (real numbers are random).
SERVICE_CERTIFICATE = "DEMO-AAAA-SERV-ICE2"
ROLES = {"lead": ServiceRole.STATION_LEAD, "deputy": ServiceRole.STATION_DEPUTY}


def _current_terms() -> None:
    leadership = Membership.objects.filter(role__in=ROLES).select_related("station", "member")
    for membership in leadership:
        service_term_start(
            holder=membership.member,
            role=ROLES[membership.role],
            station=membership.station,
            started_on=timezone.localdate(membership.role_since),
        )


def _past_lead_with_certificate(reviewer: User) -> None:
    if Certificate.objects.filter(number=SERVICE_CERTIFICATE).exists():
        return
    hangzhou = Station.objects.filter(name_key=name_key("Hangzhou")).first()
    holder = User.objects.filter(username="wang").first()
    if hangzhou is None or holder is None:
        return
    term = ServiceTerm.objects.create(
        holder=holder,
        role=ServiceRole.STATION_LEAD,
        station=hangzhou,
        started_on=hangzhou.founded_on,
        ended_on=date(2024, 6, 30),
    )
    proposed = ServiceCertificateRequest.objects.create(
        term=term,
        state=ServiceRequestState.PROPOSED,
        period_start=term.started_on,
        period_end=term.ended_on,
    )
    ServiceCertificateRequestStep.objects.create(
        request=proposed, from_state="", to_state=ServiceRequestState.PROPOSED
    )
    certificate = service_certificate_issue(
        request=proposed, reviewer=reviewer, comment="Thank you for three years of meetups."
    )
    Certificate.objects.filter(pk=certificate.pk).update(number=SERVICE_CERTIFICATE)


def _lead_asks() -> None:
    term = (
        ServiceTerm.objects.current()
        .filter(holder__username="chen.jie", role=ServiceRole.STATION_LEAD)
        .first()
    )
    if term is None or term.certificate_requests.exists():
        return
    service_certificate_request(
        term=term,
        member=term.holder,
        note="Founded the station and ran its monthly meetups.",
    )


def seed():
    reviewer = User.objects.filter(username="zhao").first()
    _current_terms()
    if reviewer is not None:
        _past_lead_with_certificate(reviewer)
    _lead_asks()

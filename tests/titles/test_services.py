"""Terms of service open and close with the roles; reviewers issue their certificates."""

from datetime import date

import pytest
from django.db import IntegrityError

from community_portal.notifications.models import Notification
from members.enums import CertificateState, CertificationTrack
from members.services.certifications import certificate_revoke
from stations.services.membership import lead_hand_over, role_appoint, role_remove
from tests.factories.members import (
    MemberFactory,
    ReviewerFactory,
    VolunteerApplicationFactory,
    VolunteerGroupFactory,
)
from tests.factories.titles import ServiceCertificateRequestFactory, ServiceTermFactory
from titles.enums import ServiceRequestState, ServiceRole
from titles.errors import ServiceError
from titles.models import ServiceCertificateRequest, ServiceTerm
from titles.services import (
    service_certificate_decline,
    service_certificate_issue,
    service_certificate_request,
    service_certificate_request_for_group,
    service_certificate_withdraw,
    station_service_changed,
)

pytestmark = pytest.mark.django_db


def test_handing_the_lead_over_ends_the_term_and_proposes_a_certificate(
    station, lead, successor, reviewer
):
    station_service_changed(
        station=station,
        holder=lead,
        previous=None,
        new=ServiceRole.STATION_LEAD,
        actor=None,
        on=date(2021, 3, 1),
    )

    lead_hand_over(station=station, new_lead=successor, actor=lead, previous_lead_role="")

    ended = ServiceTerm.objects.get(holder=lead, role=ServiceRole.STATION_LEAD)
    assert ended.ended_on is not None
    proposed = ServiceCertificateRequest.objects.get(term=ended)
    assert proposed.state == ServiceRequestState.PROPOSED
    assert proposed.requested_by is None
    assert ServiceTerm.objects.current().get(holder=successor).role == ServiceRole.STATION_LEAD
    assert Notification.objects.filter(recipient=reviewer, url__contains="/admin/titles/").exists()
    assert Notification.objects.filter(
        recipient=lead, subject="Thank you for your service as %(role)s (%(place)s)"
    ).exists()


def test_a_deputy_removed_ends_their_term_but_a_committee_member_has_none(station, lead):
    deputy = MemberFactory()
    from tests.factories.stations import MembershipFactory

    MembershipFactory(station=station, member=deputy)
    role_appoint(station=station, member=deputy, role="deputy", actor=lead)
    assert ServiceTerm.objects.current().filter(holder=deputy).count() == 1

    role_remove(station=station, member=deputy, actor=lead)
    role_appoint(station=station, member=deputy, role="committee", actor=lead)

    assert ServiceTerm.objects.current().filter(holder=deputy).count() == 0
    assert ServiceCertificateRequest.objects.filter(term__holder=deputy).count() == 1


def test_issue_makes_a_lifetime_certificate_of_the_service_track(reviewer):
    request = ServiceCertificateRequestFactory()

    certificate = service_certificate_issue(request=request, reviewer=reviewer, comment="Thanks")

    request.refresh_from_db()
    assert request.state == ServiceRequestState.ISSUED
    assert request.certificate == certificate
    assert certificate.holder == request.term.holder
    assert certificate.level.track == CertificationTrack.SERVICE
    assert certificate.expires_on is None
    assert certificate.state == CertificateState.VALID
    assert Notification.objects.filter(
        recipient=request.term.holder, url=certificate.get_absolute_url()
    ).exists()


def test_a_reviewer_cannot_decide_their_own_service():
    holder = ReviewerFactory()
    request = ServiceCertificateRequestFactory(term=ServiceTermFactory(holder=holder))

    with pytest.raises(ServiceError, match="you made or that names you"):
        service_certificate_issue(request=request, reviewer=holder)


def test_a_reviewer_cannot_decide_a_request_they_made_for_someone():
    asker = ReviewerFactory()
    request = ServiceCertificateRequestFactory(requested_by=asker)

    with pytest.raises(ServiceError, match="you made or that names you"):
        service_certificate_decline(request=request, reviewer=asker, comment="No")


def test_a_member_cannot_issue():
    request = ServiceCertificateRequestFactory()

    with pytest.raises(ServiceError, match="Only a reviewer"):
        service_certificate_issue(request=request, reviewer=MemberFactory())


def test_issuing_twice_issues_once(reviewer):
    request = ServiceCertificateRequestFactory()
    service_certificate_issue(request=request, reviewer=reviewer)

    with pytest.raises(ServiceError):
        service_certificate_issue(request=request, reviewer=ReviewerFactory())
    assert ServiceCertificateRequest.objects.get().certificate is not None


def test_declining_needs_a_reason(reviewer):
    request = ServiceCertificateRequestFactory()

    with pytest.raises(ServiceError) as refused:
        service_certificate_decline(request=request, reviewer=reviewer, comment=" ")

    assert refused.value.field == "comment"


def test_a_member_asks_for_their_current_term_up_to_today():
    term = ServiceTermFactory(ended_on=None)

    request = service_certificate_request(term=term, member=term.holder, note="Ran 12 meetups")

    assert request.state == ServiceRequestState.REQUESTED
    assert request.period_end == date.today()
    assert request.steps.get().comment == "Ran 12 meetups"


def test_nobody_asks_for_someone_elses_term():
    term = ServiceTermFactory()

    with pytest.raises(ServiceError, match="your own service"):
        service_certificate_request(term=term, member=MemberFactory())


def test_one_open_request_per_term():
    request = ServiceCertificateRequestFactory()

    with pytest.raises(ServiceError, match="already waits"):
        service_certificate_request(term=request.term, member=request.term.holder)


def test_the_database_refuses_a_second_open_request():
    request = ServiceCertificateRequestFactory()

    with pytest.raises(IntegrityError):
        ServiceCertificateRequestFactory(term=request.term, state=ServiceRequestState.PROPOSED)


def test_the_database_refuses_a_station_term_without_a_station():
    with pytest.raises(IntegrityError):
        ServiceTermFactory(station=None)


def test_an_accepted_volunteer_asks_for_a_certificate_of_their_group():
    group = VolunteerGroupFactory(name="Media group")
    from django.utils import timezone

    application = VolunteerApplicationFactory(
        group=group, state="accepted", answered_at=timezone.now()
    )

    request = service_certificate_request_for_group(group=group, member=application.applicant)

    assert request.term.role == ServiceRole.VOLUNTEER
    assert request.term.volunteer_group == group


def test_a_member_the_group_did_not_accept_cannot_ask():
    group = VolunteerGroupFactory()
    VolunteerApplicationFactory(group=group)  # pending

    with pytest.raises(ServiceError, match="accepted"):
        service_certificate_request_for_group(group=group, member=MemberFactory())


def test_withdraw_only_by_the_holder():
    request = ServiceCertificateRequestFactory()

    with pytest.raises(ServiceError):
        service_certificate_withdraw(request=request, member=MemberFactory())
    service_certificate_withdraw(request=request, member=request.term.holder)

    request.refresh_from_db()
    assert request.state == ServiceRequestState.WITHDRAWN


def test_a_revoked_certificate_of_service_is_revoked(reviewer):
    request = ServiceCertificateRequestFactory()
    certificate = service_certificate_issue(request=request, reviewer=reviewer)

    certificate_revoke(certificate=certificate, revoked_by=reviewer, reason="Issued by mistake")

    certificate.refresh_from_db()
    assert certificate.state == CertificateState.REVOKED

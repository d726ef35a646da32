"""Conflict of interest, for every kind of request that goes through review.

A reviewer (or a station's manager) never decides a request they made or that
names them: the screen where others decide does not offer it, and the service
refuses it with a message. One case per kind of request in ``CASES``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from community_portal.core.workflow import INVOLVED, DomainError
from members.models import (
    Certificate,
    CertificationApplication,
    Mentorship,
    TierRequest,
    VolunteerApplication,
)
from members.services.certifications import (
    certificate_renew,
    certificate_request_renewal,
    certification_application_confirm_eligibility,
)
from members.services.mentorship import mentorship_accept
from members.services.tiers import tier_request_approve, tier_request_submit
from members.services.volunteering import volunteer_application_answer
from programs import services as programs
from programs.enums import ApplicationState
from programs.models import Application
from stations import services as stations
from stations.models import FoundingRequest, JoinRequest
from submissions import services as submissions
from submissions.models import Submission
from tests.factories.members import (
    CertificateFactory,
    CertificationApplicationFactory,
    CertificationLevelFactory,
    MentorshipFactory,
    ReviewerFactory,
    TierFactory,
    VolunteerApplicationFactory,
)
from tests.factories.programs import ApplicationFactory, NamedMemberFactory
from tests.factories.stations import FoundingRequestFactory, StationFactory
from tests.factories.submissions import SubmissionFactory
from tests.factories.titles import ServiceCertificateRequestFactory, ServiceTermFactory
from titles.models import ServiceCertificateRequest
from titles.services import service_certificate_issue

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Case:
    """One kind of request, seen from a reviewer who is involved in it."""

    kind: str
    # A request waiting for a decision, in which ``reviewer`` is involved.
    request: Callable[[Any], Any]
    # The service deciding it as ``reviewer``.
    decide: Callable[[Any, Any], Any]
    # Its state now, read again from the database.
    state: Callable[[Any], str]
    # The screen where the decision is made: whether it offers the decision to the
    # signed-in client, and the decision sent from it anyway (a forged POST), followed.
    offers: Callable[[Any, Any], bool]
    send: Callable[[Any, Any], Any]


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _admin_action(client, model: str, action: str, pk: int):
    return client.post(
        reverse(f"admin:{model}_changelist"),
        {"action": action, "_selected_action": [pk]},
        follow=True,
    )


def _admin_page(client, model: str, pk: int) -> str:
    return client.get(reverse(f"admin:{model}_change", args=[pk])).content.decode()


# --- Submissions -------------------------------------------------------------------------


def _own_submission(reviewer):
    return SubmissionFactory(author=reviewer)


SUBMISSION = dict(
    decide=lambda submission, reviewer: submissions.submission_select(
        submission=submission, reviewer=reviewer
    ),
    state=lambda submission: Submission.objects.get(pk=submission.pk).state,
    # The change page lists the decisions allowed now: none, and says why.
    offers=lambda client, submission: (
        str(INVOLVED) not in _admin_page(client, "submissions_submission", submission.pk)
    ),
    send=lambda client, submission: _admin_action(
        client, "submissions_submission", "select_submissions", submission.pk
    ),
)


# --- Program applications ----------------------------------------------------------------


def _own_application(reviewer):
    return ApplicationFactory(applicant=reviewer, in_review=True)


def _application_naming(reviewer):
    application = ApplicationFactory(in_review=True)
    NamedMemberFactory(application=application, member=reviewer, confirmed=True)
    return application


APPLICATION = dict(
    decide=lambda application, reviewer: programs.application_approve(
        application=application, actor=reviewer
    ),
    state=lambda application: Application.objects.get(pk=application.pk).state,
    # The change page's decision buttons.
    offers=lambda client, application: (
        reverse(
            "admin:programs_application_review", args=[application.pk, ApplicationState.APPROVED]
        )
        in _admin_page(client, "programs_application", application.pk)
    ),
    send=lambda client, application: _admin_action(
        client, "programs_application", "approve", application.pk
    ),
)


# --- Station founding and join requests --------------------------------------------------


def _own_founding(reviewer):
    return FoundingRequestFactory(proposer=reviewer)


FOUNDING = dict(
    decide=lambda founding, reviewer: stations.founding_request_approve(
        founding_request=founding, reviewer=reviewer
    ),
    state=lambda founding: FoundingRequest.objects.get(pk=founding.pk).state,
    offers=lambda client, founding: (
        str(INVOLVED) not in _admin_page(client, "stations_foundingrequest", founding.pk)
    ),
    send=lambda client, founding: _admin_action(
        client, "stations_foundingrequest", "approve", founding.pk
    ),
)


def _own_join_request(reviewer):
    # Reviewers manage every station, so they could answer their own request.
    return stations.join_request_create(station=StationFactory(), member=reviewer)


def _join_decision_url(join_request) -> str:
    return reverse(
        "stations:join_request_decide", args=[join_request.station.slug, join_request.pk]
    )


JOIN = dict(
    decide=lambda join_request, reviewer: stations.join_request_accept(
        join_request=join_request, actor=reviewer
    ),
    state=lambda join_request: JoinRequest.objects.get(pk=join_request.pk).state,
    offers=lambda client, join_request: (
        _join_decision_url(join_request)
        in client.get(
            reverse("stations:join_requests", args=[join_request.station.slug])
        ).content.decode()
    ),
    send=lambda client, join_request: client.post(
        _join_decision_url(join_request), {"decision": "accept"}, follow=True
    ),
)


# --- Members: tier requests, certification applications and renewals, volunteer -------
# --- applications, mentorship asks (the member concerned, the applicant, the mentee) ----


def _members_admin_offers(model: str):
    """The request's page lists the decisions allowed now: none, and says why."""
    return lambda client, row: str(INVOLVED) not in _admin_page(client, f"members_{model}", row.pk)


def _members_send(model: str, action: str):
    return lambda client, row: _admin_action(client, f"members_{model}", action, row.pk)


def _state_of(model):
    return lambda row: model.objects.get(pk=row.pk).state


def _own_tier_request(reviewer):
    return tier_request_submit(
        member=reviewer, to_tier=TierFactory(level="user"), evidence="I review a lot"
    )


TIER_REQUEST = dict(
    decide=lambda request, reviewer: tier_request_approve(
        request=request, decided_by=reviewer, reason="Me"
    ),
    state=_state_of(TierRequest),
    offers=_members_admin_offers("tierrequest"),
    send=_members_send("tierrequest", "approve"),
)

CERTIFICATION = dict(
    decide=lambda application, reviewer: certification_application_confirm_eligibility(
        application=application, reviewer=reviewer
    ),
    state=_state_of(CertificationApplication),
    offers=_members_admin_offers("certificationapplication"),
    send=_members_send("certificationapplication", "confirm_eligibility"),
)


def _own_renewable_certificate(reviewer):
    today = timezone.localdate()
    certificate = CertificateFactory(
        holder=reviewer,
        level=CertificationLevelFactory(validity_years=2),
        issued_on=today - timedelta(days=700),
        expires_on=today + timedelta(days=20),
    )
    return certificate_request_renewal(certificate=certificate, holder=reviewer, note="Courses")


RENEWAL = dict(
    decide=lambda certificate, reviewer: certificate_renew(
        certificate=certificate, renewed_by=reviewer
    ),
    # A certificate has no state field: its last valid day is what a renewal changes.
    state=lambda certificate: str(Certificate.objects.get(pk=certificate.pk).expires_on),
    # The Renew action's form page: shown to another reviewer, refused to the holder.
    offers=lambda client, certificate: (
        _admin_action(client, "members_certificate", "renew", certificate.pk).redirect_chain == []
    ),
    send=lambda client, certificate: client.post(
        reverse("admin:members_certificate_changelist"),
        {"action": "renew", "_selected_action": [certificate.pk], "apply": "1", "comment": ""},
        follow=True,
    ),
)

VOLUNTEER = dict(
    decide=lambda application, reviewer: volunteer_application_answer(
        application=application, answered_by=reviewer, accept=True
    ),
    state=_state_of(VolunteerApplication),
    offers=_members_admin_offers("volunteerapplication"),
    send=_members_send("volunteerapplication", "accept"),
)

MENTORSHIP = dict(
    decide=lambda mentorship, reviewer: mentorship_accept(mentorship=mentorship, mentor=reviewer),
    state=_state_of(Mentorship),
    offers=_members_admin_offers("mentorship"),
    send=_members_send("mentorship", "accept"),
)


# --- Certificates of service (the member who served, or who asked) ------------------------

SERVICE_CERTIFICATE = dict(
    decide=lambda request, reviewer: service_certificate_issue(request=request, reviewer=reviewer),
    state=lambda request: ServiceCertificateRequest.objects.get(pk=request.pk).state,
    offers=lambda client, row: (
        str(INVOLVED) not in _admin_page(client, "titles_servicecertificaterequest", row.pk)
    ),
    send=lambda client, row: _admin_action(
        client, "titles_servicecertificaterequest", "issue", row.pk
    ),
)


# ===== THE CASE TABLE: one entry per kind of request (and per way of being involved). =====
# The members kinds (tier requests, certification applications and renewals, volunteer
# applications, mentorship requests) are appended below the stations' entries.
CASES: list[Case] = [
    Case("submission by the reviewer", _own_submission, **SUBMISSION),
    Case("program application by the reviewer", _own_application, **APPLICATION),
    Case("program application naming the reviewer", _application_naming, **APPLICATION),
    Case("station founding proposed by the reviewer", _own_founding, **FOUNDING),
    Case("station join request by the reviewer", _own_join_request, **JOIN),
    Case("tier request by the reviewer", _own_tier_request, **TIER_REQUEST),
    Case(
        "certification application by the reviewer",
        lambda reviewer: CertificationApplicationFactory(applicant=reviewer),
        **CERTIFICATION,
    ),
    Case("renewal of the reviewer's certificate", _own_renewable_certificate, **RENEWAL),
    Case(
        "volunteer application by the reviewer",
        lambda reviewer: VolunteerApplicationFactory(applicant=reviewer),
        **VOLUNTEER,
    ),
    Case(
        "mentorship asked by the reviewer",
        lambda reviewer: MentorshipFactory(mentee=reviewer),
        **MENTORSHIP,
    ),
    Case(
        "certificate of service for the reviewer's own term",
        lambda reviewer: ServiceCertificateRequestFactory(term=ServiceTermFactory(holder=reviewer)),
        **SERVICE_CERTIFICATE,
    ),
    Case(
        "certificate of service the reviewer asked for",
        lambda reviewer: ServiceCertificateRequestFactory(requested_by=reviewer),
        **SERVICE_CERTIFICATE,
    ),
]
# ===== END OF THE CASE TABLE =====


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.kind)
def test_service_refuses_a_reviewer_involved_in_the_request(case, reviewer):
    request = case.request(reviewer)
    before = case.state(request)

    with pytest.raises(DomainError) as refused:
        case.decide(request, reviewer)

    assert refused.value.messages == [str(INVOLVED)]
    assert case.state(request) == before


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.kind)
def test_screen_hides_the_decision_from_an_involved_reviewer(case, reviewer, client):
    request = case.request(reviewer)
    client.force_login(reviewer)

    assert not case.offers(client, request)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.kind)
def test_decision_sent_anyway_is_refused_with_a_message(case, reviewer, client):
    request = case.request(reviewer)
    before = case.state(request)
    client.force_login(reviewer)

    response = case.send(client, request)

    assert response.status_code == 200
    assert any(str(INVOLVED) in message for message in _messages(response))
    assert case.state(request) == before


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.kind)
def test_another_reviewer_is_offered_the_decision(case, reviewer, client):
    request = case.request(reviewer)
    client.force_login(ReviewerFactory())

    assert case.offers(client, request)
